; immediates.asm: which immediate encoding NASM picks: sign-extended imm8 (83), accumulator forms, strict
; disasm: pure code
org 0x100
        add ax, 1
        add ax, 127
        add ax, 128
        add ax, -128
        add ax, -129
        add ax, 0xff80
        add ax, 0xff7f
        add ax, 0xffff
        add ax, strict word 1
        add ax, strict byte 1
        add ax, byte 1
        add ax, word 1
        add bx, 1
        add bx, 0x7f
        add bx, 0x80
        add bx, -1
        add bx, strict 1
        add bx, strict word 1
        add al, 1
        add al, -1
        add al, 0xff
        add bl, 0x80
        sub sp, 2
        cmp ax, 0
        cmp cx, 0x100
        and ax, 0xfff0
        or dx, 0x8000
        xor si, 1
        adc di, -1
        sbb bp, 0x7fff
        mov ax, 1
        mov al, 1
        push word [bx]
        test ax, 1
        test bx, 1
        test al, 0x80
        mov cx, fwd - $$
        add cx, fwd - $$
        add dx, fwd
fwd:    ret
