; arrays.asm: walk through a table of numbers: the sum, the largest and the
; smallest.
; Teaches: an array in memory (dw), indexed addressing [numbers + SI], signed
; compares (JLE, JGE) against unsigned ones (JBE): the same bits can mean -3 or
; 65533.
;
; The array holds 8 words; word i is at numbers + 2 * i. A negative number is stored
; as 10000h minus it: -3 is FFFDh. Compared as signed numbers (JG/JL: "greater",
; "less") -3 is small; compared as unsigned ones (JA/JB: "above", "below") FFFDh is
; the biggest word there is. Step through and watch AX and BX disagree.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=00FAh BX=FFFDh CX=0000h DX=FF9Ch SI=0010h DI=0133h
; Worked out by hand:
;   signed largest: 250 = FAh (AX); unsigned largest: -3 as FFFDh (BX); signed
;   smallest: -100 = 10000h - 64h = FF9Ch (DX); sum
;   12 - 3 + 250 + 7 - 100 + 42 + 0 + 99 = 307 = 133h (DI);
;   SI went through 8 words: 8 * 2 = 10h; LOOP ends with CX = 0.

bits 16
cpu 8086
org 0x100

start:
        mov ax, [numbers]       ; largest so far (signed): the first number
        mov bx, ax              ; largest so far (unsigned)
        mov dx, ax              ; smallest so far (signed)
        xor di, di              ; DI = the sum
        xor si, si              ; SI = the offset of the current word in the array
        mov cx, COUNT
next_number:
        mov bp, [numbers + si]  ; BP = this number (BP: just one more register)
        add di, bp
        cmp bp, ax
        jle not_larger          ; signed: "jump if less or equal"
        mov ax, bp
not_larger:
        cmp bp, bx
        jbe not_above           ; unsigned: "jump if below or equal"
        mov bx, bp
not_above:
        cmp bp, dx
        jge not_smaller         ; signed: "jump if greater or equal"
        mov dx, bp
not_smaller:
        add si, 2               ; a word is 2 bytes
        loop next_number
        hlt

numbers:
        dw 12, -3, 250, 7, -100, 42, 0, 99
COUNT   equ ($ - numbers) / 2   ; how many words: the assembler counts them for us
