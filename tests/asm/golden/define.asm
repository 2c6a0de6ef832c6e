; define.asm: %define (with and without parameters), %xdefine, %idefine, %undef, %assign
org 0x100
%define PORT 0xe9
%define ADDR(s, o) ((s) * 16 + (o))
%define DOUBLE(x) ((x) * 2)
%define BASE 0x40
%xdefine FIXED BASE + 1
%define LATE BASE + 1
%define BASE 0x80
%idefine ZERO 0
%assign counter 1
%assign counter counter + 1
%assign counter counter * 10
        out PORT, al
        mov ax, ADDR(0x10, 5) & 0xffff
        mov bx, DOUBLE(3) + DOUBLE(4)
        mov cx, FIXED
        mov dx, LATE
        mov si, zero
        mov di, Zero + counter
%undef PORT
PORT    equ 0x60
        in al, PORT
%define reg ax
%define value 7
        mov reg, value
        push reg
