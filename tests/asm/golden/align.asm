; align.asm: align pads with NOP (or a given fill), alignb reserves
org 0x100
        db 1
        align 2
        db 2, 3, 4
        align 4
        db 5
        align 16, db 0
        db 6
        align 8, db 0xcc
        mov ax, 1
        align 4, nop
        align 4
        inc ax
        align 16
end:    dw end
section .bss
        resb 1
        alignb 4
x:      resb 3
        alignb 8, resb 1
y:      resw 1
section .text
        dw x, y
