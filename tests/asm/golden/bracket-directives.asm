; bracket-directives.asm: the primitive [directive] forms
[bits 16]
[org 0x200]
[cpu 8086]
[section .text]
        mov ax, value
[section .data]
value:  dw 42
[section .text]
        ret
