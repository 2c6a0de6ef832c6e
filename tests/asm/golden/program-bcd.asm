; program-bcd.asm: decimal arithmetic: packed and unpacked BCD adjusts, AAM/AAD with other bases
; disasm: pure code
cpu 8086
org 0x100
        mov al, 0x38
        add al, 0x45
        daa
        sub al, 0x19
        das
        mov ax, 0x0909
        add al, 3
        aaa
        sub al, 5
        aas
        mov al, 7
        mov bl, 9
        mul bl
        aam
        aad
        aam 16
        aad 16
        cbw
        cwd
        idiv bx
        salc
        hlt
