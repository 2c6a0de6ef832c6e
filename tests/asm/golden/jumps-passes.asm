; jumps-passes.asm: forward jumps whose size depends on later jumps (layout needs several passes)
; disasm: pure code
cpu 8086
org 0x100
a:      jmp b
        jz c
        jmp d
        times 60 nop
b:      jnz e
        times 60 nop
c:      jmp a
        jc f
        times 55 nop
d:      loop a2
a2:     jmp g
        times 61 nop
e:      jmp a
f:      jbe a
        times 63 nop
g:      jmp h
        jmp h
        times 120 nop
h:      ret
