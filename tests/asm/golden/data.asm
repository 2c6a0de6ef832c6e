; data.asm: db/dw/dd/dq with lists, expressions, labels and floats; times with data
org 0x7c00
table:  db 1, 2, 3, 0xff, -1, -128, 255
        dw 1, -1, 0x1234, table, table + 2, $
        dd 1, 0x12345678, table, -5
        dq 1, -1
        dw 1.0, -2.5, 0.5
        dd 1.5, -1.0, 3.14159, 1e10, 1.0e-3, 0.1
        dq 2.0, 1e100, -0.5
        times 4 db 0xaa
        times 3 dw 0x1234, 0x5678
        times 0 db 1
        times 2 times 3 db 7
        db 1 + 2, 3 * 4, (5), 'a' + 1
pointers: dw table, pointers, .local
.local: db 0
