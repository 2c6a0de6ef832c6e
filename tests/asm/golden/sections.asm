; sections.asm: .text, .data and .bss laid out as NASM's bin format does: .data after .text, aligned to 4, .bss after
org 0x100
section .text
start:  mov si, message
        mov di, buffer
        mov cx, length
        call copy
        hlt
section .data
message: db 'copy me'
length  equ $ - message
section .bss
buffer: resb 16
section .text
copy:   lodsb
        stosb
        loop copy
        ret
section .data
        db 0xff
counter: dw 0
section .text
        mov ax, [counter]
        mov [buffer + 3], al
        jmp start
