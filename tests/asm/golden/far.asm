; far.asm: far jumps and calls, direct (segment:offset) and through memory, and far returns
; disasm: pure code
org 0
        jmp 0xffff:0x0000
        call 0x1000:0x0100
        jmp 0:0x7c00
        call 0x40:entry
        jmp far [vector]
        call far [bx+si+4]
        jmp far [es:di]
        call far [0x1234]
        les bx, [vector]
        lds si, [bp+2]
entry:  retf
        retf 4
vector: nop
