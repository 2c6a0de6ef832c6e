; default.asm: Hyperstep's first program.
; It adds up 1 + 2 + ... + 100 in AX, works out 5! ("five factorial",
; 1*2*3*4*5) in BX, and 2 to the power 10 in DX, then stops.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=13BAh BX=0078h CX=000Ah DX=0400h SI=13BAh SP=FFFEh IP=0124h
;   expect: ZF=1 CF=0
; Worked out by hand, not with the emulator, and checked with Python:
;   1+2+...+100 = 100*101/2 = 5050 = 13BAh
;   5! = 120 = 78h, and 1 shifted left 10 times = 1024 = 400h
;   python3 -c "print(hex(sum(range(1,101))), hex(120), hex(1<<10))"
;   prints: 0x13ba 0x78 0x400
;   IP: the 36 bytes of code start at 0100h; the 1-byte HLT is at 0123h,
;   so IP = 0124h after it.
;
; How to read this file: everything after a ';' is a comment for you;
; the CPU never sees it. Each other line is one instruction.
; Press "Step" to run one at a time and watch the registers change.

bits 16         ; a 16-bit CPU: registers hold 0 to FFFFh (65535)
cpu 8086        ; allow only instructions the original 8086 had
org 0x100       ; a .com program starts at offset 100h of its segment

; ---- Part 1: AX = 1 + 2 + ... + 100 ---------------------------------
; Count CX down from 100 to 1 and add each value to AX.
; (The order does not matter for a sum.)

        xor ax, ax      ; AX = 0 (anything XOR itself is zero)
        mov cx, 100     ; CX = 100: LOOP counts with CX
sum_loop:
        add ax, cx      ; AX = AX + CX
        loop sum_loop   ; CX = CX - 1; if CX is not 0, go to sum_loop
                        ; after 100 rounds: AX = 5050 = 13BAh, CX = 0

; ---- Part 2: BX = 5! = 1 * 2 * 3 * 4 * 5 ----------------------------
; MUL always multiplies AX by its operand and puts the 32-bit result
; in DX:AX, so park the sum in SI first and bring it back afterwards.

        mov si, ax      ; SI = 5050, a safe copy of the sum
        mov ax, 1       ; AX = 1, the running product
        mov cx, 5       ; multiply by 5, 4, 3, 2, 1
fact_loop:
        mul cx          ; DX:AX = AX * CX (small numbers: DX stays 0)
        loop fact_loop  ; CX = CX - 1; repeat while CX is not 0
        mov bx, ax      ; BX = 120 = 78h
        mov ax, si      ; AX = 5050 again

; ---- Part 3: DX = 2 to the power 10 ---------------------------------
; Shifting a binary number left by one place doubles it,
; so ten shifts multiply it by 1024.

        mov dx, 1       ; DX = 1
        mov cl, 10      ; CL = 10 (CL is CX's low byte: CX = 000Ah)
        shl dx, cl      ; DX = 1 shifted left 10 places = 400h

; ---- Finish ----------------------------------------------------------

        cmp ax, 5050    ; AX - 5050 is 0, so the Zero Flag ZF becomes 1
        hlt             ; stop the CPU
