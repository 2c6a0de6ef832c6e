; org.asm: the origin moves every address; a .COM program starts at 100h
[org 0x100]
start:  mov dx, msg
        mov ah, 9
        int 0x21
        mov ax, 0x4c00
        int 0x21
msg:    db 'Hello from a .COM program$'
        dw start, msg, $$
