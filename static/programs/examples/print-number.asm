; print-number.asm: turn a number into decimal digits and print them.
; Teaches: DIV (the quotient and the remainder), using the stack to reverse the
; digits, ASCII ('0' is 30h), SHL to compute a power of two, and a procedure that is
; called several times.
;
; A register holds a number in binary. To print it in decimal we divide by 10 again
; and again: each remainder is the next digit from the right. The stack turns them
; round: push them while dividing, pop them while printing. Adding '0' (30h) to a
; digit 0-9 gives its character.
;
; It needs the BIOS (the IDE starts every program with it; so do the tests):
;   needs: bios
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: SP=FFFEh
;   expect-console: 0 7 1984 32768 65535\r\n
; Worked out by hand: the numbers printed are 0, 7, 1984, 1 shifted left 15
; times = 2^15 = 32768, and
;   FFFFh = 65535, the largest word; a space after each but the last, then CR LF.

bits 16
cpu 8086
org 0x100

start:
        mov ax, 0
        call print_number
        call print_space
        mov ax, 7
        call print_number
        call print_space
        mov ax, 1984
        call print_number
        call print_space
        mov ax, 1
        mov cl, 15
        shl ax, cl              ; AX = 1 * 2^15 = 8000h
        call print_number
        call print_space
        mov ax, 0xFFFF
        call print_number
        mov al, 13              ; CR: back to column 0
        call print_character
        mov al, 10              ; LF: down one line
        call print_character
        hlt

; print_number: AX in decimal. Changes AX, BX, CX, DX.
print_number:
        mov bx, 10
        xor cx, cx              ; CX counts the digits
divide:
        xor dx, dx              ; DIV BX divides DX:AX, so clear DX
        div bx                  ; AX = AX / 10, DX = the remainder: the last digit
        push dx                 ; keep the digit
        inc cx
        cmp ax, 0
        jne divide              ; more digits while the quotient is not 0
print_digit:
        pop ax                  ; the first digit comes out first
        add al, '0'             ; 0-9 -> '0'-'9'
        call print_character
        loop print_digit
        ret

print_space:
        mov al, ' '
        ; fall through: print_character prints it and returns for us

; print_character: AL with INT 10h AH=0Eh (teletype) on page 0. Changes AH, BH.
print_character:
        mov ah, 0x0E
        mov bh, 0
        int 0x10
        ret
