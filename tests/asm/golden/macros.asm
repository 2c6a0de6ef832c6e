; macros.asm: %macro with parameters, %0, %% local labels, default and greedy parameters, nesting
org 0x100
%macro print 1
        mov dx, %1
        mov ah, 9
        int 0x21
%endmacro
%macro delay 0-1 100
        mov cx, %1
%%wait: loop %%wait
%endmacro
%macro pushall 1-*
%rep %0
        push %1
%rotate 1
%endrep
%endmacro
%macro popall 1-*
%rep %0
%rotate -1
        pop %1
%endrep
%endmacro
%macro store 2+
        mov word [%1], %2
%endmacro
%macro twice 1
        %1
        %1
%endmacro
%macro outer 1
        inner %1, 2
%endmacro
%macro inner 2
        mov ax, %1 + %2
%endmacro
%imacro Clear 1
        xor %1, %1
%endmacro
start:  print msg
        delay
        delay 5
        pushall ax, bx, cx
        popall ax, bx, cx
        store buffer, 1 + 2
        twice nop
        twice {add ax, 1}
        outer 40
        CLEAR bx
        clear si
top:    delay 2
        jmp start
msg:    db 'macros$'
buffer: dw 0
