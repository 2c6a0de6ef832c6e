; paging-write-protect.asm: a read-only page, and a page fault handler
; that lets the write happen after all.
; The program writes 1111h at 1000:4000 (page 14h), then clears the R/W
; bit in that page's table entry. Reading the page still works. Writing
; it raises a page fault (#PF, interrupt 14): the CPU stops before the
; write, stores the page number in CR2, and calls the handler through the
; interrupt vector table with FLAGS, CS, IP of the faulting instruction
; and an error code on the stack. On this machine R/W is enforced at
; every privilege level (a 386 let the "supervisor" write anyway).
; The handler records CR2 and the error code, makes the page writable,
; drops the TLB's stale read-only translation with INVLPG, removes the
; error code (add sp, 2) and returns with IRET to the faulting
; instruction, which runs again and completes. A second write then takes
; no fault.
;
; Where things are (physical): this program at 10100h (a .COM loaded at
; 1000:0100, CS=DS=ES=SS=1000h, SP=FFFEh); page directory at 20000h (frame
; 20h); page tables in frames 21h-30h (the table of PDE d in frame 21h+d);
; the low 1 MiB identity-mapped (page n -> frame n); mailbox at 1000:3000.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=1111h BX=3333h CX=0001h DX=0014h SI=0003h DI=4063h BP=1111h
;   expect: SP=FFFEh IP=015Dh
;   expect-memory: 1000:4000=3333h 1000:3008=FFF6h 1000:300A=012Dh
;   expect-memory: 1000:300C=1000h
; Worked out by hand:
;   AX: the read of the read-only page: 1111h
;   BX: the page after both writes: 3333h
;   CX: page faults taken: 1 (the first write; the second finds R/W set)
;   DX: CR2 in the handler: page number 14h (1000:4000 = linear 14000h)
;   SI: the error code: bit 0 P = 1 (the page was present: a protection
;       fault), bit 1 W = 1 (a write), bit 2 U = 0 (not from VM mode): 3
;   DI: low word of the page's entry at the end: frame 14h -> 4000h, P 1,
;       R/W 2 (the handler), A 20h, D 40h (the completed writes): 4063h
;   BP: the word at 1000:4000 as the handler saw it: the write had not
;       happened yet, 1111h
;   [1000:3008] SP in the handler before its pushes: FFFEh minus FLAGS,
;       CS, IP and the error code, 4 words: FFF6h
;   [1000:300A] the IP the CPU pushed: that of the faulting instruction,
;       "mov word [DATA], 0x2222", at 012Dh in the NASM listing
;   [1000:300C] the CS it pushed: 1000h
;   IP: from the NASM listing (nasm -l): the HLT is at 015Ch

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
DATA        equ 0x4000      ; 1000:4000 = linear 14000h: page 14h
DATA_PAGE   equ 0x14
MAILBOX     equ 0x3000      ; what the handler records:
FAULTS      equ MAILBOX + 0 ; how many page faults
FAULT_PAGE  equ MAILBOX + 2 ; CR2
FAULT_ERROR equ MAILBOX + 4 ; the error code
FAULT_SEEN  equ MAILBOX + 6 ; the word at DATA
FAULT_SP    equ MAILBOX + 8 ; SP on entry, and the frame the CPU pushed:
FAULT_IP    equ MAILBOX + 10
FAULT_CS    equ MAILBOX + 12
READ_BACK   equ MAILBOX + 14

start:
        call build_identity_map
        call install_pf_handler
        cpu 486
        mov ax, DIR_FRAME
        mov cr3, eax            ; CR3 = frame of the page directory
        mov ax, CR0_PG
        mov cr0, eax            ; paging on
        cpu 8086

        mov word [DATA], 0x1111 ; page 14h is writable for now

; ---- Part 1: make page 14h read-only -------------------------------
        mov ax, DATA_PAGE
        mov bx, DATA_PAGE       ; same frame (identity)
        mov dx, PTE_P           ; present, R/W clear
        call set_pte
        call invlpg_page        ; the TLB holds a writable translation: drop it

; ---- Part 2: read it (allowed), write it (a fault), write again ----
        mov ax, [DATA]
        mov [READ_BACK], ax
faulting_write:
        mov word [DATA], 0x2222 ; #PF; the handler makes the page writable,
                                ; and this instruction runs again
        mov word [DATA], 0x3333 ; no fault now

; Registers as the header states them.
        mov ax, [READ_BACK]
        mov bx, [DATA]
        mov cx, [FAULTS]
        mov dx, [FAULT_PAGE]
        mov si, [FAULT_ERROR]
        mov bp, [FAULT_SEEN]
        mov di, TABLE_SEG + 0x100
        mov es, di              ; the table of PDE 1: pages 10h-1Fh
        mov di, [es:(DATA_PAGE & 0x0f) * 4]
        push cs
        pop es
        hlt

; ---- the page fault handler ---------------------------------------
; On entry the stack holds (from SP up): error code, IP, CS, FLAGS.
pf_handler:
        mov [cs:FAULT_SP], sp
        push ax
        push bx
        push dx
        push bp
        mov bp, sp
        mov ax, [bp + 8]        ; the error code, above our 4 words
        mov [cs:FAULT_ERROR], ax
        mov ax, [bp + 10]       ; the faulting instruction's IP ...
        mov [cs:FAULT_IP], ax
        mov ax, [bp + 12]       ; ... and CS
        mov [cs:FAULT_CS], ax
        inc word [cs:FAULTS]
        mov ax, [cs:DATA]
        mov [cs:FAULT_SEEN], ax
        cpu 486
        mov eax, cr2            ; AX = the faulting page's number
        cpu 8086
        mov [cs:FAULT_PAGE], ax
        cmp ax, DATA_PAGE       ; only the page we protected is expected
        jne unexpected
        mov bx, ax              ; same frame
        mov dx, PTE_P | PTE_W   ; writable again
        call set_pte
        call invlpg_page        ; drop the read-only translation
        pop bp
        pop dx
        pop bx
        pop ax
        add sp, 2               ; remove the error code, as a 386 handler does
        iret                    ; back to the faulting instruction
unexpected:
        mov ax, 0xdead
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
