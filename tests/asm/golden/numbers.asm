; numbers.asm: every way NASM writes an integer (manual §3.4.1), and character constants
org 0
        dw 0x1f, 0X1F, 1fh, 1FH, 0h1f, 0x_1f, $1f, $0ff, 0abh
        dw 0b101, 101b, 0y101, 101y, 0b1010_0101, 1010_0101b
        dw 17q, 17o, 0q17, 0o17, 777q
        dw 12, 12d, 0d12, 0t12, 12t, 1_000, 65535, 0
        dw 0bh, 0b1h, 0d1h, 0e1h, 0x, 0d, 08, 09
        dd 0x12345678, 4294967295, -1, -2147483648
        dq 0x123456789abcdef0, -1
        db 'a', 'z', '0', "A", `\n`, `\t`, `\\`, `\x41`, `\101`, `\e`, `\0`
        dw 'ab', "cd", `e\n`
        dd 'abcd', 'ab'
        mov ax, 'hi'
        mov al, 'x'
        mov bx, 0ffffh
        mov cx, -0x8000
        mov dx, 100000b
