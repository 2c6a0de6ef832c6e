; stack-calls.asm: the stack, and procedures that call each other (and themselves).
; Teaches: PUSH and POP, CALL and RET, parameters on the stack read through BP, a
; recursive procedure.
;
; The stack is memory that SS:SP points at. PUSH moves SP down by 2 and stores a
; word there; POP reads it back and moves SP up: the last word in is the first out.
; CALL pushes the address of the next instruction and jumps; RET pops it and jumps
; back. Step with F11 (into) and F10 (over) and watch SP and the stack.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=0037h BX=1111h CX=000Ah DX=FFD4h SI=003Ch DI=0037h SP=FFFEh
; Worked out by hand:
;   swap: AX = 1111h and BX = 2222h are pushed in that order and popped the other
;   way round: BX = 1111h;
;   add3(10, 20, 30) = 60 = 3Ch in SI;
;   sum(10) = 10 + 9 + ... + 1 + 0 = 55 = 37h in AX and DI; the outermost call pops
;   its n last: CX = 10 = 0Ah;
;   the deepest point: when sum(0) runs, the stack holds 11 return addresses
;   (sum(10) .. sum(0)) and the 10 saved values of n: 21 words = 42 bytes below
;   FFFEh, so DX = FFFEh - 2Ah = FFD4h;
;   every PUSH has its POP and every CALL its RET (and ADD SP, 6 drops the
;   parameters): SP = FFFEh again.

bits 16
cpu 8086
org 0x100

start:
; ---- 1. PUSH and POP: swap two registers ------------------------------
        mov ax, 0x1111
        mov bx, 0x2222
        push ax                 ; SP = FFFCh
        push bx                 ; SP = FFFAh
        pop ax                  ; AX = 2222h (the last one pushed)
        pop bx                  ; BX = 1111h

; ---- 2. A procedure with three parameters on the stack ------------------
        mov cx, 10
        push cx
        mov cx, 20
        push cx
        mov cx, 30
        push cx
        call add3               ; AX = 10 + 20 + 30
        add sp, 6               ; throw the three parameters away (3 words)
        mov si, ax              ; SI = 60 = 3Ch

; ---- 3. Recursion: sum(n) = n + sum(n - 1), and sum(0) = 0 --------------
        mov ax, 10
        call sum                ; AX = 55 = 37h
        mov di, ax
        hlt

; add3: AX = the sum of the three words pushed before the CALL.
add3:
        push bp                 ; keep the caller's BP
        mov bp, sp              ; now [BP] = old BP, [BP+2] = return address,
        mov ax, [bp + 4]        ; [BP+4] = 30 (pushed last),
        add ax, [bp + 6]        ; [BP+6] = 20,
        add ax, [bp + 8]        ; [BP+8] = 10 (pushed first)
        pop bp
        ret

; sum: AX = n on entry, AX = n + (n-1) + ... + 1 on return.
sum:
        cmp ax, 0
        jne sum_more
        mov dx, sp              ; sum(0), the deepest point: how far down?
        ret                     ; sum(0) = 0, and AX is 0 already
sum_more:
        push ax                 ; keep n
        dec ax
        call sum                ; AX = sum(n - 1)
        pop cx                  ; CX = n
        add ax, cx
        ret
