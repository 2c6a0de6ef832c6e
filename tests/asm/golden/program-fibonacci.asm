; program-fibonacci.asm: a learner's program: procedures, a stack frame, a table in .data
cpu 8086
org 0x100
        mov cx, COUNT
        mov di, table
        xor ax, ax
        mov bx, 1
fill:   mov [di], ax
        add di, 2
        mov dx, ax
        add dx, bx
        mov ax, bx
        mov bx, dx
        loop fill
        push word [table + 2 * 10]
        call show
        add sp, 2
        hlt
show:   push bp
        mov bp, sp
        mov ax, [bp + 4]
        out 0xe9, al
        mov al, ah
        out 0xe9, al
        pop bp
        ret
COUNT   equ 20
section .bss
table:  resw COUNT
