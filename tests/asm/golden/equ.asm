; equ.asm: constants, constants defined later, constants from labels and expressions
org 0x100
WIDTH   equ 80
HEIGHT  equ 25
CELLS   equ WIDTH * HEIGHT
        mov cx, CELLS
        mov ax, LATER
        mov bx, AFTER - BEFORE
        mov dx, ADDR
        add ax, SMALL
        add bx, LATER
        cmp cl, HEIGHT
BEFORE: nop
        nop
AFTER:
LATER   equ 0x1234
SMALL   equ 5
ADDR    equ AFTER + 2
MINUS   equ -1
        mov si, MINUS
        dw CELLS, LATER, ADDR, MINUS
