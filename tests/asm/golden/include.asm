; include.asm: %include reads another file (here include.inc, an editor tab in the IDE)
org 0x100
%include "include.inc"
        mov ax, CONSTANT
        twice_inc bx
        call helper
        hlt
