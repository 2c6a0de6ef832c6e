; timer-ticks.asm: the timer interrupt, programmed by hand.
; The PC's 8253/8254 timer (PIT) counts down at a fixed rate and raises
; interrupt request 0 (IRQ0) each time its count runs out; the 8259A
; interrupt controller (PIC) turns IRQ0 into an interrupt with the vector
; it was told (here 08h, as IBM's BIOS does). The program sets both up,
; installs its own handler for vector 08h, and then waits with HLT (the
; CPU sleeps until an interrupt) until the handler has counted 10 ticks.
; Under a hypervisor every OUT here exits and goes to the VM's own virtual
; PIC and PIT; the ticks are virtual interrupts reflected into the guest.
;
; Here the timer runs in mode 2 with a count of 1000 (03E8h): one IRQ0
; every 1000 input clocks. In this machine the timer's input clock is
; one tick per instruction executed (and time passes in HLT as well).
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=000Ah BX=000Ah CX=0000h IF=0
; Worked out by hand:
;   AX: the tick count the handler kept: the loop ends at 10 = 000Ah
;   BX: how many times HLT returned (one interrupt wakes it each time):
;       also 10 (000Ah): nothing else interrupts this program
;   CX: 0, never used
;   IF: the final CLI turns interrupts off before the last HLT

bits 16
cpu 8086
org 0x100

PIC_COMMAND equ 0x20
PIC_DATA    equ 0x21
PIT_CONTROL equ 0x43
PIT_COUNTER equ 0x40
COUNT       equ 1000

start:
        ; Vector 08h -> our handler (the vector table is at 0000:0000).
        xor ax, ax
        mov es, ax
        mov word [es:0x08 * 4], tick
        mov [es:0x08 * 4 + 2], cs
        push cs
        pop es

        ; The 8259A: ICW1 (edge-triggered, one PIC, ICW4 follows), ICW2
        ; (vector base 08h), ICW4 (8086 mode), then OCW1: only IRQ0 on.
        mov al, 0x11
        out PIC_COMMAND, al
        mov al, 0x08
        out PIC_DATA, al
        mov al, 0x01
        out PIC_DATA, al
        mov al, 0xfe
        out PIC_DATA, al

        ; The 8254: counter 0, low byte then high byte, mode 2 (rate generator).
        mov al, 0x34
        out PIT_CONTROL, al
        mov al, COUNT & 0xff
        out PIT_COUNTER, al
        mov al, COUNT >> 8
        out PIT_COUNTER, al

        xor bx, bx
        sti
wait_tick:
        hlt                     ; sleep until an interrupt
        inc bx                  ; one wake-up
        cmp word [ticks], 10
        jb wait_tick
        cli
        mov ax, [ticks]
        hlt

; IRQ0 handler: count the tick, tell the PIC the interrupt is done (EOI).
tick:
        push ax
        inc word [cs:ticks]
        mov al, 0x20
        out PIC_COMMAND, al
        pop ax
        iret

ticks:  dw 0
