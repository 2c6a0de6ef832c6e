; interrupts.asm: write your own interrupt handler and put it in the interrupt
; vector table.
; Teaches: the IVT at 0000:0000 (4 bytes per vector: offset, segment), INT n, what
; INT pushes, IRET.
;
; INT 60h is like a CALL whose address the CPU looks up in a table: vector n's
; handler address is at 0000:(n * 4), first the offset, then the segment. Before
; jumping there, INT pushes FLAGS, CS and IP (three words); IRET pops all three. Our
; handler squares AL into AX and counts how often it ran. Step into the INT with F11
; and look at the stack: the return address and our CS are on top.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=0090h BX=1000h CX=0002h SI=0031h DI=0090h SP=FFFEh
;   expect-memory: 0000:0180=0123h 0000:0182=1000h 1000:3000=011Ch 1000:3002=1000h
; Worked out by hand:
;   7 * 7 = 49 = 31h (SI), 12 * 12 = 144 = 90h (DI and AX); the handler ran twice:
;   CX = 2;
;   vector 60h is at 0000:0180 (60h * 4); it holds our handler: offset 0123h,
;   segment CS = 1000h;
;   the instruction lengths from 0100h: xor 2, mov es 2, mov [es:imm],imm16 7 (with
;   the ES: prefix), mov [es:imm],cs 5, push cs 1, pop es 1, mov al 2, int 2, mov
;   si,ax 2, mov al 2 put the second INT 60h at 011Ah, so the return address it
;   pushed (saved by the handler at 1000:3000) is 011Ch; then mov di,ax 2, mov
;   cx,[calls] 4 and HLT 1 at 0122h: the handler starts at 0123h (the NASM listing,
;   nasm -l, agrees);
;   the handler's last read of [BP+4] (the CS) left BX = 1000h;
;   INT and IRET, PUSH BP and POP BP balance: SP = FFFEh.

bits 16
cpu 8086
org 0x100

MAILBOX equ 0x3000              ; where the handler notes what it found on the stack

start:
; ---- 1. Install the handler: vector 60h = our segment : square --------
        xor ax, ax
        mov es, ax              ; ES = 0000h: the IVT is at the very start of memory
        mov word [es:0x60 * 4], square  ; the offset ...
        mov [es:0x60 * 4 + 2], cs       ; ... and the segment of the handler
        push cs
        pop es                  ; ES = our segment again

; ---- 2. Call it, like a system service ----------------------------------
        mov al, 7
        int 0x60                ; AX = 7 * 7
        mov si, ax
        mov al, 12
        int 0x60                ; AX = 12 * 12
        mov di, ax
        mov cx, [calls]         ; how often the handler ran
        hlt

; ---- The handler ---------------------------------------------------------
; In: AL. Out: AX = AL * AL. It reads DS-relative data, which works because the
; caller's DS is our segment.
square:
        push bp
        mov bp, sp              ; [BP+2] = return IP, [BP+4] = CS, [BP+6] = FLAGS
        mov bx, [bp + 2]
        mov [MAILBOX], bx       ; where the caller will continue
        mov bx, [bp + 4]
        mov [MAILBOX + 2], bx   ; the caller's code segment
        inc word [calls]
        mul al                  ; AX = AL * AL
        pop bp
        iret                    ; pop IP, CS and FLAGS: back after the INT

calls:
        dw 0
