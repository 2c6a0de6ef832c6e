; paging-identity.asm: turn paging on with page tables that change nothing.
; The program builds a page directory and 16 page tables that map every
; page of the low 1 MiB to the frame with the same number ("identity
; map"), loads CR3 and sets CR0.PG, and then works as before: it stores
; the squares 1*1 .. 16*16 in memory and adds them up. Every access now
; goes through the tables, and the hardware leaves traces in them: the
; Accessed bit (A) in each entry it walked, the Dirty bit (D) in the page
; table entry of each page written. The program reads some entries back.
;
; Where things are (physical addresses; with the identity map, linear
; addresses are the same):
;   10100h  this program (loaded as a .COM at 1000:0100, CS=DS=ES=SS=1000h,
;           SP=FFFEh); the stack is at the top of its segment (page 1Fh)
;   20000h  page directory (frame 20h): PDE d covers linear d*10000h, 64 KiB
;   21000h  page tables (frames 21h-30h): the table of PDE d is in frame 21h+d
;   13000h  mailbox (1000:3000), 14000h squares (1000:4000)
;
; A page table entry is 32 bits: frame number in bits 12-31, flags below:
;   bit 0 P (present), bit 1 R/W (writable), bit 5 A, bit 6 D.
; For frame 14h with P and R/W: 00014003h, so the low word is 4003h.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=05D8h BX=8000h CX=0020h DX=4063h SI=0023h DI=5003h BP=2023h
;   expect: SP=FFFEh IP=0185h
;   expect-memory: 1000:3000=1003h 1000:3002=3023h 1000:3004=0001h
;   expect-memory: 1000:401E=0100h
; Worked out by hand, and checked with Python:
;   AX: 1*1 + 2*2 + ... + 16*16 = 16*17*33/6 = 1496 = 5D8h
;       python3 -c "print(hex(sum(i*i for i in range(1,17))))"  prints 0x5d8
;   BX = CR0 = 8000h (PG, bit 15); CX = CR3 = 20h (the directory's frame)
;   DX: PTE of page 14h (the squares, read and written): 4003h | A 20h | D 40h
;   SI: PTE of page 10h (the code: fetched, never written): 0003h | A = 0023h
;   DI: PTE of page 15h (never touched): 5003h, no A, no D
;   BP: PDE 1 (linear 10000h-1FFFFh, this program's segment): table frame
;       22h, so 2003h, plus A = 2023h (a PDE has no D bit)
;   [1000:3000] PDE 0 (linear 0-FFFFh, nothing used it with paging on):
;       table frame 21h: 1003h, no A
;   [1000:3002] PDE 2 (linear 20000h-2FFFFh, the tables, which the program
;       read with paging on): table frame 23h: 3003h | A = 3023h
;   [1000:3004] 1: the sum equals the formula n(n+1)(2n+1)/6
;   [1000:401E] the last square, 16*16 = 256 = 100h
;   IP: from the NASM listing (nasm -l): the HLT is at 0184h

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
MAILBOX     equ 0x3000
SQUARES     equ 0x4000

start:
        call build_identity_map
        call install_pf_handler

; ---- Part 1: paging on --------------------------------------------
; NASM knows these as 386/486 instructions: allow them just here.
; Our CPU moves 16 bits: "mov cr3, eax" loads CR3 from AX.
        cpu 486
        mov ax, DIR_FRAME
        mov cr3, eax            ; CR3 = frame of the page directory
        mov ax, CR0_PG
        mov cr0, eax            ; from the next fetch on, every address is translated
        cpu 8086

; ---- Part 2: squares 1..16 at 1000:4000, then their sum -----------
        mov di, SQUARES
        mov bx, 1
square_loop:
        mov ax, bx
        mul bx                  ; DX:AX = BX * BX
        stosw                   ; [ES:DI] = AX, DI += 2
        inc bx
        cmp bx, 16
        jbe square_loop

        mov si, SQUARES
        mov cx, 16
        xor bx, bx
sum_loop:
        lodsw                   ; AX = [DS:SI], SI += 2
        add bx, ax
        loop sum_loop           ; BX = 1496 = 5D8h

; Check against the formula n(n+1)(2n+1)/6 with n = 16.
        mov ax, 16 * 17
        mov cx, 33
        mul cx                  ; DX:AX = 8976
        mov cx, 6
        div cx                  ; AX = 1496
        xor dx, dx
        cmp ax, bx
        jne verified
        inc dx                  ; DX = 1 when the two agree
verified:
        mov [MAILBOX + 4], dx
        mov bp, bx              ; keep the sum

; ---- Part 3: read back what the hardware wrote in the tables ------
; The tables are in the identity-mapped low 1 MiB, so the program reads
; them through paging like any other memory.
        mov ax, DIR_SEG
        mov es, ax
        mov ax, [es:0 * 4]      ; PDE 0
        mov [MAILBOX], ax
        mov ax, [es:2 * 4]      ; PDE 2: it maps the tables themselves, so
        mov [MAILBOX + 2], ax   ; the read of PDE 0 just above set its A
        mov si, [es:1 * 4]      ; PDE 1
        mov ax, TABLE_SEG + 0x100
        mov es, ax              ; the table of PDE 1: pages 10h-1Fh
        mov dx, [es:4 * 4]      ; PTE of page 14h (the squares)
        mov di, [es:5 * 4]      ; PTE of page 15h (untouched)
        mov cx, [es:0 * 4]      ; PTE of page 10h (the code)
        push cs
        pop es

; Registers as the header states them.
        mov ax, bp              ; AX = the sum
        mov bp, si              ; BP = PDE 1
        mov si, cx              ; SI = PTE of page 10h
        cpu 486
        mov ebx, cr0            ; BX = CR0
        mov ecx, cr3            ; CX = CR3
        cpu 8086
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

; ---- the page fault handler ---------------------------------------
; Nothing here should fault. If something does, leave a mark and stop,
; so the outcome shows it: AX = DEADh and CR2's page number in DX.
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
        cpu 486
        mov edx, cr2
        cpu 8086
        mov ax, 0xdead
        hlt
