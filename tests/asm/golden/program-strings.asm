; program-strings.asm: string instructions over two buffers, a lookup table, and local labels
cpu 8086
org 0x100
        cld
        mov si, source
        mov di, dest
        mov cx, source.len
        rep movsb
        mov si, dest
        mov cx, source.len
        mov bx, upper
.loop:  lodsb
        cmp al, 'a'
        jb .keep
        cmp al, 'z'
        ja .keep
        sub al, 'a'
        xlat
.keep:  mov [si - 1], al
        loop .loop
        mov di, dest
        mov al, '!'
        mov cx, source.len
        repne scasb
        hlt
section .data
source: db 'hello, nasm!'
.len    equ $ - source
upper:  db 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
section .bss
dest:   resb 32
