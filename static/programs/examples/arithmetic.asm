; arithmetic.asm: add, subtract, multiply, and watch the flags tell you what
; happened.
; Teaches: ADD, SUB, ADC, INC, NEG, MUL, CMP and the flags CF (carry), ZF (zero), SF
; (sign), OF (overflow).
;
; Every arithmetic instruction leaves little notes in the FLAGS register: was the
; result zero (ZF)? negative (SF, its top bit)? did an unsigned result not fit (CF)?
; did a signed one not fit (OF)? Conditional jumps read these notes later. Step
; through (F11) and look at the flag row after each line.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=04D2h BX=FFFFh CX=8000h DX=012Ch SI=0064h DI=FFFBh
;   expect: ZF=1 CF=0 SF=0 OF=0
; Worked out by hand:
;   SI = 25 * 4 = 100 = 64h (MUL leaves the high half in DX: 0);
;   DI = -5, as 16 bits 10000h - 5 = FFFBh;
;   DL = 200 + 100 = 300, which does not fit in a byte: 300 - 256 = 44 = 2Ch with
;   CF = 1, and ADC adds that carry into DH: DH = 0 + 0 + 1 = 1, so
;   DX = 012Ch = 300, the right answer in 16 bits;
;   CX = 7FFFh + 1 = 8000h (32767 + 1 is too big for a signed word: OF = 1 here);
;   AX = 1000 + 234 = 1234 = 04D2h; BX = 1234 - 1235 = -1 = FFFFh (a borrow: CF = 1
;   here);
;   the last CMP computes AX - 1234 = 0 and keeps only the flags: ZF = 1, CF = 0,
;   SF = 0, OF = 0.

bits 16
cpu 8086
org 0x100

start:
; Multiply: MUL BX multiplies AX by BX; the 32-bit product goes to DX (high
; word) and AX (low word).
        mov ax, 25
        mov bx, 4
        mul bx                  ; DX:AX = 100 -> AX = 0064h, DX = 0000h
        mov si, ax              ; keep it in SI

; Negate: NEG turns 5 into -5. Negative numbers are stored in "two's complement":
; FFFBh is -5.
        mov di, 5
        neg di                  ; DI = FFFBh, SF = 1

; Carry: an 8-bit addition that overflows sets CF; ADC ("add with carry") moves it
; into the next byte.
        mov dl, 200
        add dl, 100             ; DL = 2Ch, CF = 1
        adc dh, 0               ; DH = DH + 0 + CF = 1: DX = 012Ch = 300

; Overflow: 7FFFh is the largest signed word (32767). One more "wraps" to 8000h
; (-32768): OF = 1.
        mov cx, 0x7fff
        inc cx                  ; CX = 8000h, OF = 1, SF = 1

; Add and subtract.
        mov ax, 1000
        add ax, 234             ; AX = 1234 = 04D2h
        mov bx, ax
        sub bx, 1235            ; BX = -1 = FFFFh: too much taken away, CF = 1

; Compare: CMP subtracts but throws the result away; only the flags remain. Equal
; values give ZF = 1.
        cmp ax, 1234
        hlt
