; jumps-boundary.asm: short jumps at exactly -128 and +127, and one byte past (NASM makes them near)
; disasm: pure code
cpu 8086
org 0x100
back128:
        times 126 nop
        jmp back128             ; -128: short
back129:
        times 127 nop
        jmp back129             ; -129: near
        jmp fwd127              ; +127: short
        times 127 nop
fwd127: jmp fwd128              ; +128: near
        times 128 nop
fwd128: jz cback128
cback128:
        times 126 nop
        jz cback128             ; -128: short
cback129:
        times 127 nop
        jnz cback129            ; -129: jump-over under cpu 8086
        jc cfwd127
        times 127 nop
cfwd127:
        jnc cfwd128
        times 128 nop
cfwd128:
        loop lback
lback:  times 126 nop
        loop lback
        jcxz lback2
        times 127 nop
lback2: ret
