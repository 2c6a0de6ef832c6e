; guest-kernel.asm: a tiny kernel with two tasks, two address spaces and
; a timer-driven task switch.
;
; The kernel builds two page directories that share the identity map of
; the low 1 MiB except for linear page 50h (5000:0000-5000:0FFF), each
; task's private page:
;   task A (directory at frame 20h): page 50h -> frame 70h
;   task B (directory at frame 22h): page 50h -> frame 71h
; Both tasks run the same code: add 1 to the word at 5000:0000, WORK
; times, then HLT until the next timer tick. Each keeps its stack in its
; private page too (SS:SP = 5000:1000 in both, different frames).
; The kernel programs the 8259A PIC (vector base 08h, only IRQ0 on) and
; the 8254 PIT (counter 0, mode 2, one IRQ0 every 1000 input clocks),
; turns paging on in A's space and starts task A. Its IRQ0 handler saves
; the running task's registers on the task's stack and its SP in the
; kernel, loads the other task's CR3 and SP, and returns into it with
; IRET (the other task's stack holds its registers: task B's first frame
; is built by hand). On the TICKS-th tick it stops instead.
; Under a hypervisor the OUTs, the CR3 loads and the HLTs exit, and the
; ticks are virtual interrupts reflected into the guest; with shadow
; paging every switch costs hidden faults, nested paging none.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=003Ch BX=0032h CX=000Bh DX=000Ah SI=0000h IF=0
;   expect-memory: 7000:0000=003Ch 7100:0000=0032h 5000:0000=003Ch
; Worked out by hand:
;   The period (1000 clocks, one instruction each) is far longer than a
;   task's work (WORK = 10 rounds of INC and LOOP, about 25 instructions)
;   plus the handler (about 30), so each tick finds the running task in
;   its HLT and every slice between two ticks does exactly one round of
;   work. Slice 1 (before tick 1) is A's, then the tasks alternate: slice
;   k belongs to A when k is odd. Tick 11 (TICKS) ends slice 11 and stops.
;   AX: A's count, read at frame 70h: slices 1,3,5,7,9,11 = 6 x 10 = 60
;       = 003Ch
;   BX: B's count, frame 71h: slices 2,4,6,8,10 = 5 x 10 = 50 = 0032h
;   CX: ticks handled: 11 = 000Bh
;   DX: task switches: ticks 1-10 switch, tick 11 does not: 10 = 000Ah
;   SI: the task that ran last: tick 10 switched to A (0)
;   5000:0000 seen through the paging unit at the end: A's space (CR3 =
;   20h after tick 10), so A's count, 003Ch
;   IF: the handler runs with interrupts off and halts with CLI; HLT

bits 16
cpu 8086
org 0x100

TICKS       equ 11
WORK        equ 10
PERIOD      equ 1000
DIR_A       equ 0x20
DIR_B       equ 0x22
TABLES      equ 0x30            ; identity table of PDE d in frame 30h+d
TABLE_A5    equ 0x40
TABLE_B5    equ 0x41
FRAME_A     equ 0x70            ; task A's private page
FRAME_B     equ 0x71            ; task B's private page
PRIVATE     equ 0x5000          ; segment of the private page (linear page 50h)
STACK_TOP   equ 0x1000
PTE_PW      equ 3               ; present + writable
CR0_PG      equ 0x8000

start:
        ; Identity tables: frame 30h+d, entry t -> frame 16d+t.
        xor bx, bx              ; BX = page number
identity:
        mov ax, bx
        mov cl, 4
        shr ax, cl
        add ax, TABLES
        call entry_at           ; ES:DI = entry of page BX in table AX
        mov ax, bx
        call write_entry
        inc bx
        cmp bx, 256
        jb identity
        ; The tables of PDE 5: identity, but page 50h -> the task's frame.
        mov ax, TABLE_A5
        mov dx, FRAME_A
        call table5
        mov ax, TABLE_B5
        mov dx, FRAME_B
        call table5
        mov dx, DIR_A
        mov si, TABLE_A5
        call build_directory
        mov dx, DIR_B
        mov si, TABLE_B5
        call build_directory

        ; Task B's first stack frame, as the handler leaves a task: nine
        ; pushed registers (ES lowest), then IP, CS, FLAGS for IRET.
        mov ax, FRAME_B << 8
        mov es, ax
        mov di, STACK_TOP - 24
        cld
        mov ax, PRIVATE
        stosw                   ; ES
        mov ax, cs
        stosw                   ; DS
        xor ax, ax
        mov cx, 7
        rep stosw               ; BP, DI, SI, DX, CX, BX, AX = 0
        mov ax, task
        stosw                   ; IP
        mov ax, cs
        stosw                   ; CS
        mov ax, 0x0202
        stosw                   ; FLAGS: IF = 1
        mov word [saved_sp + 2], STACK_TOP - 24

        ; Vector 08h -> the tick handler.
        xor ax, ax
        mov es, ax
        mov word [es:0x08 * 4], tick
        mov [es:0x08 * 4 + 2], cs

        cpu 486
        mov ax, DIR_A
        mov cr3, eax
        mov ax, CR0_PG
        mov cr0, eax            ; paging on, in A's space
        cpu 8086

        ; 8259A: ICW1 (edge, single, ICW4), ICW2 = 08h, ICW4 (8086), OCW1.
        mov al, 0x11
        out 0x20, al
        mov al, 0x08
        out 0x21, al
        mov al, 0x01
        out 0x21, al
        mov al, 0xfe
        out 0x21, al
        ; 8254 counter 0: LSB then MSB, mode 2 (rate generator).
        mov al, 0x34
        out 0x43, al
        mov al, PERIOD & 0xff
        out 0x40, al
        mov al, PERIOD >> 8
        out 0x40, al

        ; Become task A.
        mov ax, PRIVATE
        mov ss, ax
        mov sp, STACK_TOP
        sti
        jmp task

; ---- the tasks: WORK increments of their private word per tick ----
task:
        mov ax, PRIVATE
        mov es, ax
.work:
        mov cx, WORK
.count:
        inc word [es:0]
        loop .count
        hlt                     ; wait for the next tick
        jmp .work

; ---- IRQ0: switch to the other task, or stop on the TICKS-th tick ----
tick:
        push ax
        push bx
        push cx
        push dx
        push si
        push di
        push bp
        push ds
        push es
        mov al, 0x20
        out 0x20, al            ; EOI: the 8259A may raise IRQ0 again
        push cs
        pop ds
        inc word [ticks]
        cmp word [ticks], TICKS
        je finish
        mov bx, [current]       ; 0 = A, 2 = B
        mov [saved_sp + bx], sp
        xor bx, 2
        mov [current], bx
        mov ax, [directories + bx]
        cpu 486
        mov cr3, eax            ; the other address space (same code, same stack address)
        cpu 8086
        mov sp, [saved_sp + bx]
        inc word [switches]
        pop es
        pop ds
        pop bp
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        iret

finish:
        mov ax, FRAME_A << 8    ; the private frames through the identity map
        mov es, ax
        mov ax, [es:0]
        mov bx, FRAME_B << 8
        mov es, bx
        mov bx, [es:0]
        mov cx, [ticks]
        mov dx, [switches]
        mov si, [current]
        cli
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
        cld
        stosw                   ; low word: frame bits 0-3, flags
        pop ax
        mov cl, 4
        shr ax, cl
        stosw                   ; high word: frame bits 4-7
        pop cx
        ret

; ---- table5: the table at frame AX maps pages 50h-5Fh 1:1 but 50h -> frame DX ----
table5:
        push dx
        mov si, ax
        mov bx, 0x50
.next:
        mov ax, si
        call entry_at
        mov ax, bx
        call write_entry
        inc bx
        cmp bx, 0x60
        jb .next
        mov ax, si
        mov bx, 0x50
        call entry_at
        pop ax
        jmp write_entry

; ---- build_directory: directory at frame DX, PDE 5 -> table SI, PDEs 0-15 identity ----
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

ticks:       dw 0
switches:    dw 0
current:     dw 0
saved_sp:    dw 0, 0
directories: dw DIR_A, DIR_B
