; expressions.asm: NASM's operators and precedence (manual §3.5), $ and $$
org 0x100
        dw 1+2*3, (1+2)*3, 2-3-4, 10/3, 10 % 3, -7/2, -7//2, -7 % 3, -7 %% 3
        dw 1 << 4, 256 >> 4, -16 >> 2, -16 >>> 2, 1 << 2 + 1, 5 | 2, 6 & 3, 6 ^ 3
        dw 1 | 2 ^ 3 & 4, ~0, ~5, !0, !5, -(-3), +7, - - 4
        dw 3 == 3, 3 != 4, 3 < 4, 3 <= 4, 3 > 4, 3 >= 4, 4 <=> 3, 3 <=> 3, 3 <> 3, 3 = 3
        dw 1 && 0, 1 && 2, 1 || 0, 0 || 0, 1 ^^ 1, 1 ^^ 0, 1 ? 7 : 8, 0 ? 7 : 8, 2 > 1 ? 3 : 4
        dw (1 << 15) | 1, 0xff00 & 0x0ff0, 1000 * 65, 0x10000 - 1
here:   dw $, $$, $ - $$, here - $$, end - here, (end - here) / 2
        mov ax, here + 2
        mov bx, end - start
        mov cx, (end - start) * 2 + 1
        mov dx, $
        add si, 3 * 4 - 12
        add di, -(2 + 3)
start:  nop
end:
