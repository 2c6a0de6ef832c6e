; port-poke.asm: escape attempt E3 (virtualization.md 2.12). Reprogram the
; timer and mask every interrupt, as if the machine were ours:
;   OUT 43h, 36h   PIT control word: channel 0, low then high byte, mode 3
;                  (Intel 8254 datasheet, control word format)
;   OUT 40h, 01h / OUT 40h, 00h   count 1: the fastest possible tick
;   OUT 21h, FFh   8259A OCW1: mask IRQ0-7 (Intel 8259A datasheet, OCW1)
; then reads the mask back (IN 21h) into the mailbox.
;
; Every one of these ports has its I/O-bitmap bit set, so each OUT exits
; to the hypervisor, which hands it to this VM's own virtual PIT/PIC.
; Expected outcome: only this VM's virtual devices change; the host's
; ports and every other VM's devices see nothing. The guest stops at HLT
; with IF = 0; [0000:0500] = the IMR as its own vPIC reads it back.

bits 16
cpu 8086
org 0x100

MAILBOX equ 0x500

start:
        mov al, 0x36
        out 0x43, al            ; PIT control word
        mov al, 1
        out 0x40, al            ; count, low byte
        xor al, al
        out 0x40, al            ; count, high byte
        mov al, 0xff
        out 0x21, al            ; mask every IRQ
        in al, 0x21             ; read the mask back
        xor bx, bx
        mov ds, bx
        mov [MAILBOX], al
        hlt
