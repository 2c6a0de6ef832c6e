; paging-first.asm: a first look at paging: the same address, a different place in
; memory.
; Teaches: what a page table does. Linear addresses are cut into 4 KiB pages; with
; paging on, the CPU looks up each page in a table to find the physical frame that
; holds it. We make one page point somewhere else.
;
; Our program's segment 1000h covers linear 10000h-1FFFFh: 16 pages, numbered
; 10h-1Fh. Offset 5000h is in page 15h, offset 6000h in page 16h. First we write
; 1111h at 5000h and 2222h at 6000h. Then we build:
;   a page directory (at physical 20000h) whose entry 1 covers linear 10000h-1FFFFh
;   and points at a page table (at physical 21000h) with 16 entries, one per page:
;   page 10h+k -> frame 10h+k ("identity"), except page 15h -> frame 16h (so 5000h
;   now shows what is at 6000h!) and page 17h -> frame 15h (so the old page is still
;   reachable, at 7000h).
; Each entry is 32 bits: the frame number times 1000h, plus flag bits P (1, present)
; and W (2, writable). Load CR3 with the directory's frame, set the PG bit in CR0,
; and every address goes through the tables. (paging-identity.asm and the other
; paging-*.asm programs go further: all of memory, A/D bits, faults.)
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=2222h BX=2222h CX=3333h DX=1111h SP=FFFEh
;   expect-memory: 1000:5000=3333h 1000:6000=3333h 1000:7000=1111h
; Worked out by hand from the table we build:
;   [5000h] is page 15h -> frame 16h, where 2222h is: AX = 2222h; [6000h] is page
;   16h -> frame 16h: BX = 2222h;
;   [7000h] is page 17h -> frame 15h, where 1111h is: DX = 1111h;
;   writing 3333h at 5000h writes frame 16h, so [6000h] reads 3333h too: CX = 3333h
;   (and the memory view, which reads through the same tables, shows 3333h at both
;   5000h and 6000h, 1111h at 7000h);
;   the stack (page 1Fh) is mapped to itself and nothing is left on it: SP = FFFEh.

bits 16
cpu 8086
org 0x100

TABLES  equ 0x2000              ; the page directory: physical 20000h, frame 20h
TABLE   equ 0x1000              ; the page table after it: 2000:1000 = frame 21h
CR0_PG  equ 0x8000              ; CR0 bit 15 on this machine: paging on

start:
; ---- 1. Two pages, two values (paging is still off) ---------------------
        mov word [0x5000], 0x1111       ; physical 15000h
        mov word [0x6000], 0x2222       ; physical 16000h

; ---- 2. Build the directory and the table -------------------------------
        mov ax, TABLES
        mov es, ax
        xor di, di
        xor ax, ax
        mov cx, 4096            ; 8 KiB = 4096 words of zeros: no entry present yet
        cld
        rep stosw

        ; Directory entry 1 (linear 10000h-1FFFFh) -> the table in frame 21h:
        ; the entry is 00021003h.
        mov word [es:1 * 4], 0x1003     ; low word: frame bits 0-3 (1), P + W
        mov word [es:1 * 4 + 2], 0x0002 ; high word: the rest of 21h (21h >> 4)

        ; Table entries 0-15: page 10h + k -> frame 10h + k, P + W: entry 0001k003h.
        mov di, TABLE
        mov ax, 0x0003          ; low word of entry 0 (frame 10h): 0003h
        mov cx, 16
map_page:
        stosw                   ; the low word
        mov word [es:di], 0x0001        ; high word: 1 for frames 10h-1Fh
        add di, 2
        add ax, 0x1000          ; the next frame
        loop map_page

        ; Two changes: page 15h -> frame 16h, page 17h -> frame 15h.
        mov word [es:TABLE + 5 * 4], 0x6003
        mov word [es:TABLE + 7 * 4], 0x5003
        push cs
        pop es

; ---- 3. Paging on ---------------------------------------------------------
; NASM knows these as 386 instructions; our CPU moves the low 16 bits: "mov cr3,
; eax" loads CR3 from AX.
        cpu 486
        mov ax, 0x20
        mov cr3, eax            ; CR3 = the frame of the page directory
        mov ax, CR0_PG
        mov cr0, eax            ; from now on every address is translated
        cpu 8086

; ---- 4. The same addresses as before, now translated ---------------------
        mov ax, [0x5000]        ; page 15h -> frame 16h: 2222h, not 1111h!
        mov bx, [0x6000]        ; page 16h -> frame 16h: 2222h
        mov dx, [0x7000]        ; page 17h -> frame 15h: the 1111h we wrote first
        mov word [0x5000], 0x3333       ; write through one window ...
        mov cx, [0x6000]        ; ... and read it through the other: 3333h
        hlt
