; timer.asm (included by bios.asm): the timer tick, INT 08h, and the time-of-day service, INT 1Ah.

; ---- INT 08h: timer tick, IRQ0 (Technical Reference TIMER_INT; RBIL INT 08) --------------------
; The 8254's counter 0 raises IRQ0 once per 65536 input clocks (18.2 times a second on an IBM PC).
; Each tick adds one to the 32-bit count at 0040:006C; after 1800B0h ticks (24 hours) the count
; starts again from 0 and the "midnight" byte at 0040:0070 is set. Then INT 1Ch, the hook that
; programs may take over, and the end-of-interrupt command that lets the 8259A deliver the next IRQ.

int08_timer:
        push ax
        push ds
        mov ax, BDA_SEGMENT
        mov ds, ax
        add word [BDA_TICKS_LOW], 1
        adc word [BDA_TICKS_HIGH], 0    ; the carry of the low word goes into the high word
        cmp word [BDA_TICKS_HIGH], 0x0018
        jne .counted
        cmp word [BDA_TICKS_LOW], 0x00B0
        jne .counted
        mov word [BDA_TICKS_LOW], 0     ; 1800B0h ticks: a new day
        mov word [BDA_TICKS_HIGH], 0
        mov byte [BDA_MIDNIGHT], 1
.counted:
        int 0x1C                        ; the user tick hook (a plain IRET until a program takes it)
        mov al, PIC_EOI
        out PIC_COMMAND, al             ; OCW2: non-specific EOI, IRQ0 is no longer in service
        pop ds
        pop ax
        iret

; ---- INT 1Ah: time of day (Technical Reference TIME_OF_DAY; RBIL INT 1A/AH=00h, 01h) -------------
; AH=00h get the tick count: out CX:DX = ticks since midnight (CX the high word), AL = the midnight
;        flag (non-zero if 24 hours passed since the last read), which this call clears.
; AH=01h set the tick count: in CX:DX = the new count; the midnight flag is cleared.
; Other AH: nothing changes.
; Interrupts are off while the count is read or written, so a tick cannot fall between the halves.

int1a_time:
        push ds
        push bx
        mov bx, BDA_SEGMENT
        mov ds, bx
        cmp ah, 0x00
        je .get
        cmp ah, 0x01
        je .set
        jmp .done
.get:
        cli
        mov dx, [BDA_TICKS_LOW]
        mov cx, [BDA_TICKS_HIGH]
        mov al, [BDA_MIDNIGHT]
        mov byte [BDA_MIDNIGHT], 0
        jmp .done
.set:
        cli
        mov [BDA_TICKS_LOW], dx
        mov [BDA_TICKS_HIGH], cx
        mov byte [BDA_MIDNIGHT], 0
.done:
        pop bx
        pop ds
        iret                            ; restores the caller's IF with the rest of its FLAGS
