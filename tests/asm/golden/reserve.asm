; reserve.asm: resb/resw/resd/resq in .bss take no room in the file; in .text they are zeros
org 0x100
        mov ax, buffer
        mov bx, words
        mov cx, buffer_end - buffer
        mov dx, after
        resb 3
        nop
        resw 1
        nop
section .bss
buffer: resb 10
words:  resw 4
dwords: resd 2
quads:  resq 1
buffer_end:
after:  resb 1
