; memory-forms.asm: the ways NASM lets you write one address (terms in any order, overrides inside or out)
; disasm: pure code
org 0x100
        mov ax, [bx+si+4]
        mov ax, [si+bx+4]
        mov ax, [4+bx+si]
        mov ax, [bx+4+si]
        mov ax, [si+4+bx]
        mov ax, [bx+si+2+2]
        mov ax, [bx+si+8-4]
        mov ax, [es:bx+si+4]
        mov ax, es:[bx+si+4]
        mov ax, [bp]
        mov ax, [bp+0]
        mov ax, [bp-0]
        mov ax, [bx+0]
        mov ax, [bx+di-0]
        mov ax, [word bx]
        mov ax, [byte bp+0x7f]
        mov ax, [word bp+4]
        mov ax, [0x8000]
        mov ax, [-2]
        mov ax, [bx+0x10000]
        mov ax, [bx-0x10000]
        mov ax, [bx*1+si]
        mov ax, [bx-bx+si]
        mov ax, [(bx)+2]
        mov ax, [di + 3 * 4]
        lea si, [bp+di+0xffff]
        mov byte [bx], 1
        mov word [bx], 1
        mov [bx], byte 1
        mov [bx], word 1
        add [bx], byte 1
        inc word [bp+si]
        mov ax, 5[bx]
        mov ax, 5[bx+si]
        mov cx, es:2[di]
        mov dx, here[si]
here:   nop
