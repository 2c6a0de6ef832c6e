; times.asm: TIMES on instructions and data, the boot-sector idiom, and $/$$ in counts
org 0x7c00
start:  times 3 nop
        times 2 mov ax, bx
        times 2 push ax
        times 0 hlt
        jmp start
        times 5 db 'ab'
        times 10 - ($ - start) % 10 db 0
msg:    db 'boot'
        times 510 - ($ - $$) db 0
        dw 0xaa55
