; dos-hello.asm: "Hello, world!" the MS-DOS way, on Hyperstep's own BIOS.
; A .COM program asks DOS to print a string (INT 21h, AH=09h) and then to end (INT 21h, AH=4Ch).
; There is no real DOS here: the Hyperstep BIOS (static/programs/bios/) answers these two INT 21h
; calls itself, printing through its screen service (INT 10h teletype) and stopping the machine with
; HLT at the exit. So this program needs the BIOS: load it with the "fast boot" (IVT and BIOS data
; area ready), or under the hypervisor, which does that for every .com.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=4C00h DX=010Ch SP=FFF8h
;   expect: IF=0
;   expect-console: Hello, world!\r\n
;   expect-memory: 1000:FFF8=010Ch
; Worked out by hand from the DOS interface (Ralf Brown's Interrupt List, INT 21h AH=09h and AH=4Ch):
;   the code is 12 bytes (mov ah,imm8 2 + mov dx,imm16 3 + int 2 + mov ax,imm16 3 + int 2), so the
;   message starts at 0100h + 0Ch = 010Ch, and DX still points at it;
;   AX = 4C00h: AH = 4Ch "exit", AL = 00h the return code;
;   the exit never returns: the CPU halts inside the INT 21h handler, with the three words the INT
;   pushed still on the stack: SP = FFFEh - 6 = FFF8h, and the top one is the return address 010Ch;
;   an INT clears IF, and the exit keeps interrupts off so nothing can wake the CPU: IF = 0;
;   the screen (and the debug port E9h) shows the text up to the '$': "Hello, world!" and CR, LF.

bits 16
cpu 8086
org 0x100

        mov ah, 0x09            ; DOS "print string": DS:DX = the text, ended by '$'
        mov dx, message
        int 0x21
        mov ax, 0x4C00          ; DOS "exit", return code 0
        int 0x21                ; does not come back

message:
        db 'Hello, world!', 0x0D, 0x0A, '$'     ; CR LF: back to column 0, down one row
