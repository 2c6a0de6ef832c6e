; structures.asm: struc/endstruc declare a layout, istruc/at/iend fill one in; absolute places labels anywhere
org 0x100
struc point
.x:     resw 1
.y:     resw 1
endstruc
struc vmcb, 4
.flags: resb 1
.cr3:   resw 1
.name:  resb 8
endstruc
        mov ax, [bx + point.y]
        mov cx, point_size
        mov si, vmcb.name
        mov di, vmcb_size
        lea dx, [origin + point.y]
        jmp start
origin: istruc point
        at point.x, dw 10
        at point.y, dw 20
        iend
guest:  istruc vmcb
        at vmcb.flags, db 1
        at vmcb.name, db 'guest'
        iend
start:  mov al, [guest + vmcb.flags]
section .data
table:  dw point_size, vmcb_size, guest, start
absolute 0x400
bios_data: resb 0x10
equipment: resw 1
section .text
        mov ax, [equipment]
        mov bx, bios_data
