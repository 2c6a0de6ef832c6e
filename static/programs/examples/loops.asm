; loops.asm: doing something again and again: LOOP, and loops made of a compare and
; a jump.
; Teaches: LOOP with CX as the counter, CMP + a conditional jump (JBE, JNZ), SHR and
; ADC to look at bits.
;
; Three small loops, each working out a number you can check on paper:
;   1. 5! = 5 * 4 * 3 * 2 * 1 with LOOP, which counts CX down and jumps back until
;   CX is 0;
;   2. 1 + 3 + 5 + ... + 19 with a "while" loop: add, step on, compare, jump back
;   while not done;
;   3. how many 1 bits are in B5A3h: shift the lowest bit out into CF and add CF to
;   a counter.
; Put a breakpoint (click left of a line number) on a "loop" or "jbe" line and press
; Run (F5) a few times.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=0078h BX=0064h CX=0000h DX=0000h SI=0015h DI=0009h BP=0078h
;   expect: ZF=1 CF=0
; Worked out by hand:
;   5! = 120 = 78h (in AX, copied to BP); MUL leaves the high word in DX: 0; LOOP
;   ends with CX = 0;
;   1 + 3 + ... + 19 = 10 odd numbers = 10 * 10 = 100 = 64h in BX; the loop stops
;   when SI reaches 21 = 15h;
;   B5A3h = 1011 0101 1010 0011 in binary: 3 + 2 + 2 + 2 = 9 one bits, so DI = 9;
;     python3 -c "print(bin(0xB5A3).count('1'))"  prints 9
;   the last CMP (AX = 0 against 0) left ZF = 1 and CF = 0, and MOV does not change
;   the flags.

bits 16
cpu 8086
org 0x100

start:
; ---- 1. Factorial with LOOP ------------------------------------------
        mov ax, 1               ; the product so far
        mov cx, 5               ; LOOP counts CX down: 5, 4, 3, 2, 1
factorial:
        mul cx                  ; DX:AX = AX * CX
        loop factorial          ; CX = CX - 1; jump back if CX is not 0
        mov bp, ax              ; keep 5! = 120 in BP

; ---- 2. A "while" loop: sum of the odd numbers 1..19 -----------------
        xor bx, bx              ; BX = 0: the sum (anything XOR itself is 0)
        mov si, 1               ; the first odd number
odd_numbers:
        add bx, si
        add si, 2               ; the next odd number
        cmp si, 19
        jbe odd_numbers         ; "jump if below or equal": go on while SI <= 19

; ---- 3. Count the 1 bits of a word -----------------------------------
        mov ax, 0xB5A3
        xor di, di              ; DI = 0: the count
count_bits:
        shr ax, 1               ; shift right: the lowest bit falls out into CF
        adc di, 0               ; DI = DI + 0 + CF
        cmp ax, 0
        jnz count_bits          ; "jump if not zero": go on while bits are left

        mov ax, bp              ; AX = 5! again, for the register panel
        hlt
