; errors.asm: sources NASM 2.16 rejects. Each case below is assembled on its own: its `;; case:` line is its
; line 1, and the `;; expect:` line after it holds words our message must contain. tests/asm/errors.nasm.json
; records the lines NASM reports errors on (made by scripts/asm-goldens.mjs nasm).
;; case: size not specified on a memory destination
;; expect: operation size not specified
        mov [bx], 5
;; case: size not specified for inc
;; expect: operation size not specified
        inc [bx]
;; case: size not specified for push
;; expect: operation size not specified
        push [bx]
;; case: byte register and word register
;; expect: mismatch in operand sizes
        mov al, bx
;; case: word memory and byte immediate
;; expect: mismatch in operand sizes
        mov word [bx], byte 1
;; case: memory to memory
;; expect: mov cannot take memory, memory
        mov [bx], [si]
;; case: immediate into a segment register
;; expect: mov cannot take a segment register, a number
        mov ds, 0x1000
;; case: misspelt mnemonic
;; expect: unknown instruction mvo
        mov ax, 1
        mvo ax, bx
;; case: misspelt register
;; expect: symbol bz is not defined
        mov ax, bz
;; case: undefined label
;; expect: symbol nowhere is not defined
        jmp nowhere
        nop
;; case: label defined twice
;; expect: label again is defined twice
again:  nop
again:  nop
;; case: AX cannot address memory
;; expect: ax cannot be used to address memory on the 8086
        mov ax, [ax]
;; case: BX and BP cannot be combined
;; expect: [bx+bp] is not an 8086 address
        mov ax, [bx+bp]
;; case: registers cannot be scaled
;; expect: bx cannot be scaled on the 8086
        mov ax, [bx*2]
;; case: three registers in an address
;; expect: too many registers in the memory reference: at most two
        mov ax, [bx+si+di]
;; case: missing closing bracket
;; expect: expected ']' at the end of the memory reference
        mov ax, [bx
;; case: stray closing bracket
;; expect: unexpected ']' after the operands
        mov ax, bx]
;; case: short jump beyond 127 bytes
;; expect: short jump is out of range: the target is 130 bytes away, a short jump reaches -128…+127
        jmp short target
        times 130 nop
target: ret
;; case: loop beyond 128 bytes back
;; expect: short jump is out of range: the target is -132 bytes away, a short jump reaches -128…+127
back:   times 130 nop
        loop back
;; case: near conditional jump under cpu 8086
;; expect: jz near is a 386 instruction
        cpu 8086
        jz near somewhere
somewhere:
;; case: push of a constant under cpu 8086
;; expect: push with a number is a 186 instruction; the 8086 pushes registers and memory
        cpu 8086
        push 5
;; case: shift by 3 under cpu 8086
;; expect: the 8086 shifts by 1 or by CL only; shifting by 3 at once needs a 186
        cpu 8086
        shl ax, 3
;; case: mov to CR3 under cpu 8086
;; expect: mov needs a 386 or later, and `cpu 8086` is in force
        cpu 8086
        mov cr3, eax
;; case: invlpg under cpu 286
;; expect: invlpg needs a 486 or later, and `cpu 286` is in force
        cpu 286
        invlpg [bx]
;; case: mov to CR3 from a 16-bit register
;; expect: mov cannot take a control register, a word register
        mov cr3, ax
;; case: times with a count defined later
;; expect: the times count must be a number known at this point
        times count db 0
count   equ 5
;; case: division by zero
;; expect: division by zero
        dw 1 / 0
;; case: division of an address
;; expect: the division operator can only be applied to plain numbers, not to addresses
x:      dw x / 2
;; case: bitwise or of an address
;; expect: the '|' operator can only be applied to plain numbers, not to addresses
lbl:    dw lbl | 1
;; case: multiplying two addresses
;; expect: cannot multiply two addresses
a:      dw a * a
;; case: bits 17
;; expect: 17 is not a valid code size; write bits 16
        bits 17
;; case: unknown cpu
;; expect: unknown cpu 9999
        cpu 9999
;; case: unterminated string
;; expect: unterminated string: the closing ' is missing
        db 'abc
;; case: percent sign directly before a digit outside a macro
;; expect: %3 is a macro parameter, and this line is not in a macro
        dw 7%3
;; case: %error directive
;; expect: stop here
%error "stop here"
;; case: %endif without %if
;; expect: %endif without a matching %if
        nop
%endif
;; case: incomplete expression
;; expect: expected an expression, found the end of the line
        mov ax, 1 +
;; case: two segment overrides in an address
;; expect: two segment overrides in one memory reference
        mov ax, [cs:es:bx]
;; case: two segment prefixes
;; expect: two different segment overrides on one instruction
        es cs mov ax, [bx]
;; case: instruction name used as a label
;; expect: NEG is the name of an instruction or directive and cannot be a label
NEG     equ -1
;; case: lea of a register
;; expect: lea cannot take a word register, a word register
        lea ax, bx
;; case: les with a word operand
;; expect: les cannot take a word register, memory
        les ax, word [bx]
;; case: far keyword on a segment:offset pair
;; expect: jmp cannot take `far` before a segment:offset pair
        jmp far 0:0x7c00
;; case: near keyword on loop
;; expect: loop cannot be near
top:    loop near top
;; case: int with two operands
;; expect: int takes one operand, not 2
        int 3, 4
;; case: exchange of two memory operands
;; expect: xchg cannot take memory, memory
        xchg [bx], [si]
;; case: conditional without colon
;; expect: '?' without a matching ':'
        dw 1 ? 2
;; case: negative times
;; expect: times -1 is negative
        times -1 db 0
;; case: undefined symbol inside a macro
;; expect: symbol missing is not defined
%macro load 1
        mov ax, %1
%endmacro
        load missing
;; case: operand given to an instruction that takes none
;; expect: cli takes no operands, not 1
        cli ax
;; case: missing operand
;; expect: mov takes 2 operands, not 1
        mov ax
;; case: float as an instruction operand
;; expect: a floating-point number
        mov ax, 1.5
;; case: segment prefix and an override in the brackets
;; expect: two segment overrides
        cs lea bx, [cs:si]
;; case: near on a far pointer operand
;; expect: lds cannot be near
        lds bx, near [bp]
;; case: far before a register
;; expect: `far` cannot go before a register
        rcl far bx, 1
;; case: rep and repz on one instruction
;; expect: conflicting prefixes
        rep repz movsb
;; case: a parameter list without commas
;; expect: in the parameter list of F
%define F(a b) a + b
;; case: %ifdef without a name
;; expect: %ifdef needs one name
%ifdef [bx]
%endif
;; case: shift count with a size under cpu 8086
;; expect: the 186's C0/C1 form
        cpu 8086
        shl word [bx], byte 1
;; case: shift of unsized memory by CL
;; expect: operation size not specified
        rcr [0x10], cl
;; case: far on a memory operand of mov
;; expect: mov cannot be far
        mov far [si], 5
