; hello.asm: Hello, world! Your first program prints one line and stops.
; Teaches: the shape of a program (org 100h, code, then data), a label, asking the
; system for help with INT.
;
; A program is a list of instructions in memory. The CPU runs them one after the
; other, from the top. This one puts two numbers in registers (tiny variables inside
; the CPU), then asks DOS to print a text. Our machine has no real DOS: Hyperstep's
; BIOS answers the INT 21h call itself and prints the text on the screen and in the
; console. Then HLT stops the CPU.
;
; Try it: press F11 (Step) three times and watch DX and AH change in the register
; panel.
;
; It needs the BIOS (the IDE starts every program with it; so do the tests):
;   needs: bios
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=0924h DX=0108h SP=FFFEh IP=0108h
;   expect-console: Hello, world!\r\n
; Worked out by hand from the instruction lengths (Intel 8086 manual, the
; encodings):
;   mov dx, imm16 is 3 bytes, mov ah, imm8 2, int imm8 2, hlt 1: the code is
;   0100h-0107h, so the text (the label "message") starts at 0108h, and DX still
;   holds that address at the end;
;   AH = 09h, set by us; DOS hands back AL = 24h, the '$' that ended the text (Ralf
;   Brown's Interrupt List, INT 21h AH=09h: "AL = 24h ... despite official docs
;   which state that nothing is returned"): AX = 0924h;
;   after HLT (at 0107h) IP points at the next byte: IP = 0108h;
;   INT pushed three words and its IRET popped them again: SP = FFFEh, where it
;   started;
;   the screen shows the text up to the '$': "Hello, world!", then CR (13) and LF
;   (10) start a new line.

bits 16                         ; the 8086 is a 16-bit CPU
cpu 8086                        ; only allow 8086 instructions
org 0x100                       ; a .COM program starts at offset 100h

start:
        mov dx, message         ; DX = the address of the text
        mov ah, 0x09            ; AH = 09h: "print the text at DX, up to a '$'"
        int 0x21                ; call the system (DOS, here answered by the BIOS)
        hlt                     ; stop the CPU

message:
        db 'Hello, world!', 13, 10, '$'         ; the text, CR + LF, the end mark
