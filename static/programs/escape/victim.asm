; victim.asm: the VM the escape attempts try to reach (virtualization.md
; 2.12). It copies the string SECRET-42 to its guest-physical 0600h
; (0000:0600) and then spins forever on one instruction, writing nothing
; more, so its memory stays exactly as it left it: the tests hash it
; before and after an escape attempt runs next to it.
;
; Loaded as a .COM at 1000:0100 (CS=DS=ES=SS=1000h, SP=FFFEh, IF=0).
; Expected outcome: it never stops (a hypervisor run ends on its budget);
;   0000:0600 holds the 9 bytes "SECRET-42" (53 45 43 52 45 54 2D 34 32),
;   and no other byte of its memory changes after that copy.

bits 16
cpu 8086
org 0x100

start:
        xor ax, ax
        mov es, ax
        mov di, 0x600
        mov si, secret
        mov cx, 9
        cld
        rep movsb               ; 0000:0600 = "SECRET-42"
spin:
        jmp spin                ; no write, no I/O, no exit: just run

secret: db 'SECRET-42'
