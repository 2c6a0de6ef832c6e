; sections-align.asm: section alignment from align=, sectalign and align raising it
org 0x100
        mov ax, d1
        mov bx, b1
        nop
section .data align=16
d1:     db 1
        align 8
d2:     db 2
section .bss
        sectalign 32
b1:     resb 5
        alignb 16
b2:     resw 1
section .text
        mov cx, d2
        mov dx, b2
