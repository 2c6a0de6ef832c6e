; bootsector.asm: a complete boot sector: print a string through the BIOS, then halt
bits 16
org 0x7c00
start:  xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, start
        cld
        mov si, message
.next:  lodsb
        or al, al
        jz .done
        mov ah, 0x0e
        mov bx, 7
        int 0x10
        jmp .next
.done:  hlt
        jmp .done
message: db 'Hyperstep boot sector', 13, 10, 0
        times 510 - ($ - $$) db 0
        dw 0xaa55
