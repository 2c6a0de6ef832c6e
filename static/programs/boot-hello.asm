; boot-hello.asm: a boot sector, the first program the BIOS starts (not a .COM: a .bin boot image).
; The host loads it at 0000:7C00; the Hyperstep BIOS's reset code sets up the machine and jumps here with
; interrupts on. It prints a line through the BIOS (INT 10h teletype), then sleeps with HLT until the timer
; has ticked twice (INT 1Ah reads the BIOS tick count), and stops.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=0000h BX=0000h CX=0000h DX=0002h SI=7C2Dh SP=7C00h CS=0000h IP=7C1Ah
;   expect: IF=0
;   expect-console: Hyperstep booted\r\n
; Worked out by hand from the BIOS interface (virtualization.md 2.5: CS:IP = SS:SP = 0000:7C00 at boot,
; DS = 0, BX = 0; RBIL INT 1Ah AH=00h: CX:DX = ticks, AL = the midnight flag) and the instruction lengths:
;   the timer's first IRQ0 comes 65536 PIT clocks after the BIOS starts it, long after the 16 characters
;   are printed, so the first HLT wakes at tick 1 (DX = 1: sleep again) and the second at tick 2: DX = 2,
;   CX = 0, AX = 0000h (AH = 00h as set, AL = 0: no midnight);
;   code: MOV SI,imm16 3 bytes, LODSB 1, CMP AL,0 2, JE 2, MOV AH,0Eh 2, INT 2, JMP 2 (7C00h-7C0Dh), HLT 1,
;   MOV AH,0 2, INT 2, CMP DX,2 3 (83 FA 02), JB 2, CLI 1, HLT 1 at 7C19h: IP = 7C1Ah after it;
;   the message starts at 7C1Ah, 16 characters, CR, LF and the 0 that ends the loop: SI = 7C1Ah + 19 = 7C2Dh;
;   nothing is pushed or left on the stack: SP = 7C00h.

bits 16
cpu 8086
org 0x7C00

        mov si, message         ; DS = 0 from the BIOS
print:
        lodsb
        cmp al, 0
        je sleep
        mov ah, 0x0E            ; INT 10h teletype: the character in AL
        int 0x10
        jmp print
sleep:
        hlt                     ; sleep until the next interrupt (the BIOS left IF = 1)
        mov ah, 0x00
        int 0x1A                ; CX:DX = timer ticks counted by the BIOS
        cmp dx, 2
        jb sleep
        cli
        hlt                     ; stop: no interrupt can wake the CPU now

message:
        db 'Hyperstep booted', 13, 10, 0

        times 510 - ($ - $$) db 0
        dw 0xAA55               ; the boot-sector signature (bytes 55h AAh at offset 510)
