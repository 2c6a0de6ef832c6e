; paging-demand.asm: demand paging. Memory appears when it is touched.
; Linear pages 50h-57h (5000:0000-5000:7FFF) start "not present": no
; frame behind them. The first access to one raises a page fault; the
; handler takes the next free frame from a pool (frames 80h, 81h, ...),
; clears it, enters it in the page table, and returns to the faulting
; instruction, which runs again and now succeeds. Later accesses to the
; same page take no fault. The handler logs each fault (page number and
; error code) and counts them.
; A REP STOSW that runs from one new page into the next takes two faults
; and resumes each time where it stopped (CX and DI say how far it got).
;
; Where things are (physical): this program at 10100h (a .COM loaded at
; 1000:0100, CS=DS=ES=SS=1000h, SP=FFFEh); page directory at 20000h (frame
; 20h); page tables in frames 21h-30h (the table of PDE d in frame 21h+d);
; the low 1 MiB identity-mapped (page n -> frame n) except pages 50h-57h;
; the pool, frames 80h-87h, filled with EEEEh at the start so a cleared
; frame shows; mailbox and fault log at 1000:3000.
;
; The accesses, in order, and what each does:
;   write 1111h at 5000:3000   page 53h: fault 1 (write)  -> frame 80h
;   read 5000:0010             page 50h: fault 2 (read)   -> frame 81h
;   write 2222h at 5000:3FFE   page 53h: mapped, no fault
;   write 3333h at 5000:7000   page 57h: fault 3 (write)  -> frame 82h
;   REP STOSW, 16 words of ABABh from 5000:4FF0
;                              page 54h: fault 4 at the first word -> 83h
;                              page 55h: fault 5 at the ninth word -> 84h
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=0005h BX=1111h CX=2222h DX=3333h SI=ABABh DI=0085h BP=0000h
;   expect: SP=FFFEh IP=019Eh
;   expect-memory: 1000:3010=0053h 1000:3012=0002h 1000:3014=0050h
;   expect-memory: 1000:3016=0000h 1000:3018=0057h 1000:301A=0002h
;   expect-memory: 1000:301C=0054h 1000:301E=0002h 1000:3020=0055h
;   expect-memory: 1000:3022=0002h
;   expect-memory: 2600:000C=0063h 2600:000E=0008h 2600:0018=0000h
;   expect-memory: 8300:0FF0=ABABh 8500:0000=EEEEh 5000:500E=ABABh
; Worked out by hand from the table above:
;   AX: 5 faults
;   BX: frame 80h (page 53h) offset 0, seen at 8000:0000: 1111h
;   CX: frame 80h offset FFEh: 2222h (the same page, no second frame)
;   DX: frame 82h (page 57h) offset 0: 3333h
;   SI: frame 84h (page 55h) offset 0Eh, the last word stored: ABABh
;   DI: the next free frame: 80h + 5 = 85h
;   BP: the word read at 5000:0010: the handler cleared frame 81h, so 0
;       (without the clearing it would be the pool's EEEEh)
;   1000:3010 on: the log, (page, error code) pairs; error code bit 0 P = 0
;       (not present), bit 1 W = 1 for the writes, 0 for the read
;   2600:000C, 2600:000E: the entry of page 53h (table of PDE 5, entry 3):
;       frame 80h -> low word 0000h | P 1 | W 2 | A 20h | D 40h = 0063h,
;       high word 0008h. 2600:0018: page 56h, never touched, entry still 0
;   8300:0FF0: the first word of the REP STOSW, in frame 83h (page 54h)
;   8500:0000: frame 85h was never handed out: still EEEEh
;   5000:500E: the last word of the REP STOSW, read through the tables
;   IP: from the NASM listing (nasm -l): the HLT is at 019Dh

bits 16
cpu 8086
org 0x100

DIR_SEG      equ 0x2000     ; segment of the page directory (physical 20000h)
DIR_FRAME    equ 0x20       ; ... its frame number, what CR3 holds
TABLE_SEG    equ 0x2100     ; segment of the first page table (frame 21h)
TABLE_FRAME  equ 0x21
PTE_P        equ 1          ; entry bit 0: present
PTE_W        equ 2          ; entry bit 1: writable
CR0_PG       equ 0x8000     ; CR0 bit 15: paging on
DEMAND_SEG   equ 0x5000     ; linear 50000h-57FFFh ...
FIRST_DEMAND equ 0x50       ; ... pages 50h ...
LAST_DEMAND  equ 0x57       ; ... to 57h
POOL_FRAME   equ 0x80       ; the free frames: 80h-87h
POOL_SEG     equ 0x8000
MAILBOX      equ 0x3000
FAULTS       equ MAILBOX + 0
NEXT_FRAME   equ MAILBOX + 2
FIRST_READ   equ MAILBOX + 4
LOG_NEXT     equ MAILBOX + 6
LOG          equ MAILBOX + 0x10  ; (page, error code) per fault

start:
        call build_identity_map
        call install_pf_handler

; ---- Part 1: pages 50h-57h not present; the pool full of EEEEh -----
        mov ax, FIRST_DEMAND
        xor bx, bx
        xor dx, dx              ; entry 0: not present
not_present_loop:
        call set_pte
        inc ax
        cmp ax, LAST_DEMAND
        jbe not_present_loop

        mov ax, POOL_SEG
        mov es, ax
        xor di, di
        mov ax, 0xeeee
        mov cx, 8 * 2048        ; 8 frames of 2048 words
        cld
        rep stosw
        push cs
        pop es

        mov word [NEXT_FRAME], POOL_FRAME
        mov word [LOG_NEXT], LOG

        cpu 486
        mov ax, DIR_FRAME
        mov cr3, eax            ; CR3 = frame of the page directory
        mov ax, CR0_PG
        mov cr0, eax            ; paging on
        cpu 8086

; ---- Part 2: touch the demand pages --------------------------------
        mov ax, DEMAND_SEG
        mov es, ax
        mov word [es:0x3000], 0x1111    ; page 53h: fault 1
        mov ax, [es:0x0010]             ; page 50h: fault 2
        mov [FIRST_READ], ax
        mov word [es:0x3ffe], 0x2222    ; page 53h: no fault
        mov word [es:0x7000], 0x3333    ; page 57h: fault 3
        mov di, 0x4ff0
        mov ax, 0xabab
        mov cx, 16
        cld
        rep stosw                       ; pages 54h and 55h: faults 4 and 5

; ---- Part 3: look at the frames through the identity map -----------
        mov ax, POOL_SEG                ; frame 80h
        mov es, ax
        mov bx, [es:0x0000]
        mov cx, [es:0x0ffe]
        mov ax, POOL_SEG + 0x200        ; frame 82h
        mov es, ax
        mov dx, [es:0x0000]
        mov ax, POOL_SEG + 0x400        ; frame 84h
        mov es, ax
        mov si, [es:0x000e]
        push cs
        pop es
        mov di, [NEXT_FRAME]
        mov bp, [FIRST_READ]
        mov ax, [FAULTS]
        hlt

; ---- the page fault handler: map a fresh frame ---------------------
; On entry the stack holds (from SP up): error code, IP, CS, FLAGS.
pf_handler:
        push ax
        push bx
        push cx
        push dx
        push di
        push es
        push bp
        mov bp, sp
        mov bx, [bp + 14]       ; the error code, above our 7 words
        cpu 486
        mov eax, cr2            ; AX = the faulting page's number
        cpu 8086
        test bl, PTE_P          ; error code bit 0 set: a protection fault,
        jnz unexpected          ; not a missing page
        cmp ax, FIRST_DEMAND
        jb unexpected
        cmp ax, LAST_DEMAND
        ja unexpected

        mov di, [cs:LOG_NEXT]   ; log the page and the error code
        mov [cs:di], ax
        mov [cs:di + 2], bx
        add word [cs:LOG_NEXT], 4
        inc word [cs:FAULTS]

        mov bx, [cs:NEXT_FRAME] ; BX = a free frame
        inc word [cs:NEXT_FRAME]
        push ax
        mov ax, bx
        mov cl, 8
        shl ax, cl
        mov es, ax              ; the frame, through the identity map
        xor di, di
        xor ax, ax
        mov cx, 2048
        cld
        rep stosw               ; cleared: no data of its last user leaks
        pop ax

        mov dx, PTE_P | PTE_W
        call set_pte            ; page AX -> frame BX
        ; No INVLPG: the TLB never keeps a not-present translation.

        pop bp
        pop es
        pop di
        pop dx
        pop cx
        pop bx
        pop ax
        add sp, 2               ; remove the error code
        iret                    ; and run the faulting instruction again
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
