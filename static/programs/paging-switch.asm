; paging-switch.asm: two address spaces, switched 3000 times.
;
; An operating system gives each process its own page directory and
; switches between them by loading CR3. Here two directories share the
; page tables of the low 1 MiB (identity map: page n -> frame n) except
; for linear page 50h (5000:0000-5000:0FFF):
;   space A (directory at frame 20h): page 50h -> frame 70h
;   space B (directory at frame 22h): page 50h -> frame 71h
; The loop runs 3000 times: in space A it adds 1 to the word at
; 5000:0000, in space B it adds 2 to the word at 5000:0000. Every 8th
; round it also moves page 58h between frames 72h and 73h (writes the
; page-table entry, then INVLPG) and adds 1 to the word at 5800:0000.
; Under a hypervisor the CR3 loads exit and, with shadow paging, each
; switch costs hidden page faults (the shadow is rebuilt, or switched in
; the traced variant); with nested paging the CR3 loads run natively on
; HW-assist and nothing faults.
;
; Where things are (physical): this program at 10100h (a .COM loaded at
; 1000:0100, CS=DS=ES=SS=1000h, SP=FFFEh); directories at frames 20h
; (A) and 22h (B); identity page tables in frames 30h-3Fh (the table of
; PDE d in frame 30h+d), the tables of PDE 5 in frames 40h (A) and 41h
; (B).
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=0BB8h BX=1770h CX=0000h DX=00BBh SI=00BCh
;   expect-memory: 7000:0000=0BB8h 7100:0000=1770h
;   expect-memory: 7200:0000=00BBh 7300:0000=00BCh
; Worked out by hand:
;   AX: 3000 rounds of +1 in space A: 3000 = 0BB8h (read at frame 70h)
;   BX: 3000 rounds of +2 in space B: 6000 = 1770h (frame 71h)
;   CX: the loop counter, run down to 0
;   Page 58h: rounds 0, 8, 16, ... 2992 (375 of them, CX = 3000, 2992,
;   ... 8) move it to the other frame first, then add 1 there. It starts
;   at frame 72h (set before paging is on), so round 8k uses frame 73h
;   when k is even and 72h when k is odd: k = 0..374 gives 188 adds at
;   73h (00BCh, SI) and 187 at 72h (00BBh, DX).

bits 16
cpu 8086
org 0x100

LOOPS       equ 3000
DIR_A       equ 0x20
DIR_B       equ 0x22
TABLES      equ 0x30            ; identity table of PDE d in frame 30h+d
TABLE_A5    equ 0x40
TABLE_B5    equ 0x41
PTE_PW      equ 3               ; present + writable
CR0_PG      equ 0x8000

start:
        ; Identity tables: frame 30h+d, entry t -> frame 16d+t.
        xor bx, bx              ; BX = page number
identity:
        mov ax, bx
        mov cl, 4
        shr ax, cl
        add ax, TABLES          ; AX = table frame
        call entry_at           ; ES:DI = entry of page BX in table AX
        mov ax, bx
        call write_entry
        inc bx
        cmp bx, 256
        jb identity
        ; The two tables of PDE 5: copies of the identity one, entry 0 changed.
        mov ax, TABLE_A5
        call copy_table5
        mov ax, TABLE_B5
        call copy_table5
        mov ax, TABLE_A5
        mov bx, 0x50
        call entry_at
        mov ax, 0x70
        call write_entry        ; A: page 50h -> frame 70h
        mov ax, TABLE_B5
        mov bx, 0x50
        call entry_at
        mov ax, 0x71
        call write_entry        ; B: page 50h -> frame 71h
        ; Directories: PDE d -> table 30h+d, PDE 5 -> 40h (A) / 41h (B).
        mov dx, DIR_A
        mov si, TABLE_A5
        call build_directory
        mov dx, DIR_B
        mov si, TABLE_B5
        call build_directory
        ; Page 58h starts at frame 72h in both spaces (shared table entry 8).
        call flip_page58        ; (identity 58h -> 72h)

        cpu 486
        mov ax, DIR_A
        mov cr3, eax
        mov ax, CR0_PG
        mov cr0, eax            ; paging on, in space A
        cpu 8086
        mov byte [paging_on], 1

        mov ax, 0x5000
        mov es, ax
        mov cx, LOOPS
round:
        cpu 486
        mov ax, DIR_A
        mov cr3, eax            ; space A
        cpu 8086
        add word [es:0], 1
        cpu 486
        mov ax, DIR_B
        mov cr3, eax            ; space B
        cpu 8086
        add word [es:0], 2
        mov ax, cx
        and ax, 7
        cmp ax, LOOPS & 7       ; every 8th round, counting from the first
        jne next
        call flip_page58
        push es
        mov ax, 0x5800
        mov es, ax
        add word [es:0], 1
        pop es
next:
        loop round

        mov ax, 0x7000          ; frames 70h-73h through the identity map
        mov es, ax
        mov ax, [es:0]
        mov bx, 0x7100
        mov es, bx
        mov bx, [es:0]
        mov dx, 0x7200
        mov es, dx
        mov dx, [es:0]
        mov si, 0x7300
        mov es, si
        mov si, [es:0]
        hlt

; ---- entry_at: ES:DI := the entry of page BX in the table at frame AX ----
entry_at:
        push cx
        mov cl, 8
        shl ax, cl
        mov es, ax
        mov di, bx
        and di, 0x000f
        shl di, 1
        shl di, 1
        pop cx
        ret

; ---- write_entry: write the entry for frame AX (present, writable) at ES:DI ----
write_entry:
        push cx
        push ax
        mov cl, 12
        shl ax, cl
        or al, PTE_PW
        stosw                   ; low word: frame bits 0-3, flags
        pop ax
        mov cl, 4
        shr ax, cl
        stosw                   ; high word: frame bits 4-7
        pop cx
        ret

; ---- copy_table5: fill the table at frame AX with the identity entries of pages 50h-5Fh ----
copy_table5:
        mov dx, ax
        mov bx, 0x50
.next:
        mov ax, dx
        call entry_at
        mov ax, bx
        call write_entry
        inc bx
        cmp bx, 0x60
        jb .next
        ret

; ---- build_directory: directory at frame DX, PDE 5 -> table SI, others identity ----
build_directory:
        mov ax, dx
        mov cl, 8
        shl ax, cl
        mov es, ax
        xor di, di
        xor ax, ax
        mov cx, 64              ; 32 entries, 64 words: all not present
        cld
        rep stosw
        xor di, di
        xor bx, bx              ; BX = directory index
.next:
        mov ax, bx
        add ax, TABLES
        cmp bx, 5
        jne .write
        mov ax, si
.write:
        call write_entry
        inc bx
        cmp bx, 16
        jb .next
        ret

; ---- flip_page58: move page 58h between frames 72h and 73h (its entry in both PDE-5 tables) ----
flip_page58:
        push ax
        push bx
        push cx
        push di
        push es
        mov ax, TABLE_A5        ; page 58h's entry: in both PDE-5 tables
        mov bx, 0x58
        call entry_at
        mov ax, [es:di]
        mov cl, 12
        shr ax, cl              ; AX = frame bits 0-3 (2 or 3, or 8 for identity)
        cmp ax, 2
        mov ax, 0x73
        je .set
        mov ax, 0x72
.set:
        push ax
        call write_entry
        mov bx, 0x58
        mov ax, TABLE_B5
        call entry_at
        pop ax
        call write_entry
        cmp byte [cs:paging_on], 0 ; INVLPG only once paging is on
        je .done
        mov ax, 0x5800
        mov es, ax
        cpu 486
        invlpg [es:0]
        cpu 8086
.done:
        pop es
        pop di
        pop cx
        pop bx
        pop ax
        ret

paging_on:
        db 0
