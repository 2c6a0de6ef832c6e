; paging-remap.asm: the same memory under two addresses, a stale TLB
; entry, and a page unmapped and mapped again.
; With paging on, a page table entry says which frame of physical memory
; a linear page uses, and the program can change it at any time:
;   1. Linear pages 50h and 60h both map frame 70h (an alias): a word
;      written at 5000:0000 is read back at 6000:0000.
;   2. Page 60h is moved to frame 71h, but the CPU keeps translations in
;      its TLB (8 entries here) and does not watch the tables: until the
;      program executes INVLPG for the page, reads still go to frame 70h.
;   3. After INVLPG they reach frame 71h. A word written through page 60h
;      is seen at 7100:0000, where the identity map shows frame 71h.
;   4. Page 50h is unmapped (its entry cleared: not present; touching it
;      now would be a page fault) and mapped again, to frame 71h.
;
; Where things are (physical): this program at 10100h (a .COM loaded at
; 1000:0100, CS=DS=ES=SS=1000h, SP=FFFEh); page directory at 20000h (frame
; 20h); page tables in frames 21h-30h (the table of PDE d in frame 21h+d);
; the low 1 MiB identity-mapped (page n -> frame n) except where changed
; above; the results in a mailbox at 1000:3000.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=1234h BX=1234h CX=0000h DX=5678h SI=5678h DI=1234h BP=0000h
;   expect: SP=FFFEh IP=01C1h
;   expect-memory: 5000:0000=5678h 6000:0000=5678h 7000:0000=1234h
;   expect-memory: 7100:0000=5678h 1000:3000=1234h 1000:300C=0000h
; Worked out by hand, following the steps above:
;   AX: the word read at 6000:0000 after writing 1234h at 5000:0000 (alias)
;   BX: read at 6000:0000 after page 60h was moved to frame 71h but before
;       INVLPG: the TLB still holds the old translation, frame 70h: 1234h.
;       (It is still there because only 5 pages were used since it was
;       made: 60h, the code page 10h, the stack page 1Fh, the mailbox page
;       13h and the page-table page 27h; the TLB holds 8, least recently
;       used first out.)
;   CX: read at 6000:0000 after INVLPG: frame 71h, never written: 0000h
;   DX: the word written at 6000:0000 (5678h), read at 7100:0000
;   SI: read at 5000:0000 after page 50h was unmapped and mapped to 71h
;   DI: frame 70h, seen at 7000:0000: it kept 1234h while nothing mapped it
;   BP: page faults taken: none, 0000h
;   The memory lines read the same places through the final tables.
;   IP: from the NASM listing (nasm -l): the HLT is at 01C0h

bits 16
cpu 8086
org 0x100

DIR_SEG     equ 0x2000      ; segment of the page directory (physical 20000h)
DIR_FRAME   equ 0x20        ; ... its frame number, what CR3 holds
TABLE_SEG   equ 0x2100      ; segment of the first page table (frame 21h)
TABLE_FRAME equ 0x21
PTE_P       equ 1           ; entry bit 0: present
PTE_W       equ 2           ; entry bit 1: writable
CR0_PG      equ 0x8000      ; CR0 bit 15: paging on
MAILBOX     equ 0x3000      ; results, one word each:
ALIAS_READ  equ MAILBOX + 0
STALE_READ  equ MAILBOX + 2
FRESH_READ  equ MAILBOX + 4
NEW_FRAME   equ MAILBOX + 6
REMAP_READ  equ MAILBOX + 8
OLD_FRAME   equ MAILBOX + 10
FAULTS      equ MAILBOX + 12

start:
        call build_identity_map
        call install_pf_handler
        cpu 486
        mov ax, DIR_FRAME
        mov cr3, eax            ; CR3 = frame of the page directory
        mov ax, CR0_PG
        mov cr0, eax            ; paging on
        cpu 8086

; ---- Part 1: pages 50h and 60h -> frame 70h ------------------------
        mov dx, PTE_P | PTE_W
        mov bx, 0x70            ; frame 70h
        mov ax, 0x50
        call set_pte            ; page 50h -> frame 70h
        call invlpg_page        ; (a changed entry: drop what the TLB has)
        mov ax, 0x60
        call set_pte            ; page 60h -> frame 70h
        call invlpg_page

        mov ax, 0x5000
        mov es, ax
        mov word [es:0], 0x1234 ; write through page 50h
        mov ax, 0x6000
        mov es, ax
        mov ax, [es:0]          ; read through page 60h: 1234h
        mov [ALIAS_READ], ax

; ---- Part 2: move page 60h to frame 71h, without INVLPG ------------
        mov ax, 0x60
        mov bx, 0x71
        call set_pte
        mov ax, [es:0]          ; the TLB's old translation: still frame 70h
        mov [STALE_READ], ax

; ---- Part 3: INVLPG, and the new frame is used ---------------------
        mov ax, 0x60
        call invlpg_page
        mov ax, [es:0]          ; frame 71h: 0
        mov [FRESH_READ], ax
        mov word [es:0], 0x5678 ; written into frame 71h
        mov ax, 0x7100
        mov es, ax
        mov ax, [es:0]          ; frame 71h through the identity map
        mov [NEW_FRAME], ax

; ---- Part 4: unmap page 50h, then map it to frame 71h --------------
        mov ax, 0x50
        xor bx, bx
        xor dx, dx
        call set_pte            ; entry 0: not present
        call invlpg_page        ; now any access to 5000:xxxx would fault
        mov bx, 0x71
        mov dx, PTE_P | PTE_W
        call set_pte            ; page 50h -> frame 71h
        call invlpg_page
        mov ax, 0x5000
        mov es, ax
        mov ax, [es:0]          ; 5678h, written through page 60h
        mov [REMAP_READ], ax
        mov ax, 0x7000
        mov es, ax
        mov ax, [es:0]          ; frame 70h kept its 1234h
        mov [OLD_FRAME], ax

; Registers as the header states them.
        push cs
        pop es
        mov ax, [ALIAS_READ]
        mov bx, [STALE_READ]
        mov cx, [FRESH_READ]
        mov dx, [NEW_FRAME]
        mov si, [REMAP_READ]
        mov di, [OLD_FRAME]
        mov bp, [FAULTS]
        hlt

; ---- build_identity_map -------------------------------------------
; The page directory at 20000h: PDE d (d = 0..15) points to the page
; table in frame 21h+d; PDEs 16-31 are not present. Each table maps its
; 16 pages to the frames with the same numbers: page n -> frame n for
; n = 0..255, that is linear 00000h-FFFFFh. Everything P and R/W.
build_identity_map:
        mov ax, DIR_SEG
        mov es, ax
        xor di, di
        xor ax, ax
        mov cx, 2048            ; 4 KiB = 2048 words: every PDE not present
        cld
        rep stosw
        xor di, di              ; back to PDE 0
        mov bx, TABLE_FRAME
dir_loop:
        mov ax, bx
        mov cl, 12
        shl ax, cl              ; frame bits 0-3 -> entry bits 12-15
        or al, PTE_P | PTE_W
        stosw                   ; low word of the PDE
        mov ax, bx
        mov cl, 4
        shr ax, cl              ; frame bits 4-7 -> entry bits 16-19
        stosw                   ; high word
        inc bx
        cmp bx, TABLE_FRAME + 16
        jb dir_loop
        push cs
        pop es

        xor ax, ax              ; AX = page number n
        mov dx, PTE_P | PTE_W
identity_loop:
        mov bx, ax              ; frame n
        call set_pte
        inc ax
        cmp ax, 256
        jb identity_loop
        ret

; ---- set_pte: page AX -> frame BX, with flag bits DX ---------------
; The entry of page n is entry n & 0Fh of the table of PDE n >> 4, at
; segment 2100h + (n >> 4) * 100h, offset (n & 0Fh) * 4. Keeps all
; registers but the flags.
set_pte:
        push ax
        push cx
        push di
        push es
        mov di, ax
        mov cl, 4
        shr ax, cl              ; AX = n >> 4, the directory index
        mov cl, 8
        shl ax, cl
        add ax, TABLE_SEG
        mov es, ax              ; ES = that page table
        and di, 0x000f
        shl di, 1
        shl di, 1               ; DI = (n & 0Fh) * 4
        mov ax, bx
        mov cl, 12
        shl ax, cl
        or ax, dx
        stosw                   ; low word: frame bits 0-3, flags
        mov ax, bx
        mov cl, 4
        shr ax, cl
        stosw                   ; high word: frame bits 4-15
        pop es
        pop di
        pop cx
        pop ax
        ret

; ---- invlpg_page: drop the TLB's translation of page AX (below 100h) -
; INVLPG takes any address in the page: here segment AX * 100h, offset 0.
invlpg_page:
        push ax
        push cx
        push es
        mov cl, 8
        shl ax, cl
        mov es, ax
        cpu 486
        invlpg [es:0]
        cpu 8086
        pop es
        pop cx
        pop ax
        ret

; ---- the page fault handler ---------------------------------------
; Nothing here should fault: count it if something does, and stop with
; CR2's page number in DX and AX = DEADh.
install_pf_handler:
        push ax
        push es
        xor ax, ax
        mov es, ax
        mov word [es:14 * 4], pf_handler    ; IVT[14]: offset...
        mov [es:14 * 4 + 2], cs             ; ... and segment
        pop es
        pop ax
        ret

pf_handler:
        inc word [cs:FAULTS]
        cpu 486
        mov edx, cr2
        cpu 8086
        mov ax, 0xdead
        hlt
