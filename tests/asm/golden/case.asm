; case.asm: mnemonics, registers, keywords and directives in any case; labels are case-sensitive
; disasm: pure code
ORG 0x100
CPU 8086
Start:  MOV AX, BX
        mov Ax, bX
        Add Word [BX+SI], 5
        PUSH Es
        Jmp SHORT Start
        JZ start
        LOOP Start
        XCHG AL, AH
        Rep MovSB
        iNt 0X21
start:  NOP
