; labels.asm: labels with and without colons, local labels, special ..@ labels, labels named like keywords
org 0x100
main:   mov cx, 3
.loop:  dec cx
        jnz .loop
        call sub1
        jmp done
sub1:   mov ax, 1
.loop:  add ax, ax
        cmp ax, 16
        jb .loop
        jmp main.loop
        ret
..@special: nop
.after: jmp sub1.loop
done    mov bx, main
        mov si, sub1.after
        mov di, sub1.after
label_without_colon nop
$ax:    dw $ax
        dw main, main.loop, sub1.loop, ..@special
