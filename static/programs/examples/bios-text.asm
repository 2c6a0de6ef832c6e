; bios-text.asm: print text with the BIOS, one character at a time, and ask where
; the cursor is.
; Teaches: INT 10h, the BIOS video service: AH=0Eh "teletype" prints AL and moves
; the cursor on; AH=03h reads the cursor position. A procedure (print) that walks
; through a text ended by a 0 byte.
;
; The BIOS is the machine's built-in program: INT 10h with a service number in AH.
; Teletype prints like a typewriter: CR (13) moves back to column 0, LF (10) down
; one line. The text also shows in the console.
;
; It needs the BIOS (the IDE starts every program with it; so do the tests):
;   needs: bios
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: CX=0607h DX=0115h SP=FFFEh
;   expect-console: The BIOS prints this,\r\none letter at a time.
; Worked out by hand from the BIOS interface (Ralf Brown's Interrupt List, INT 10h
; AH=0Eh and AH=03h):
;   the cursor starts at row 0, column 0; CR LF ends line 0; "one letter at a time."
;   is 21 characters, so the cursor is at row 1, column 21 = 15h: AH=03h returns
;   DH = 01h, DL = 15h, so DX = 0115h;
;   AH=03h also returns the cursor's shape in CX: start line 6, end line 7 (the
;   underline of a colour text screen), CX = 0607h;
;   every CALL has its RET and every INT its IRET: SP = FFFEh.

bits 16
cpu 8086
org 0x100

start:
        mov si, greeting
        call print
        mov si, second_line
        call print
        mov ah, 0x03            ; "where is the cursor?"
        mov bh, 0               ; on page 0 (the screen you see)
        int 0x10                ; DH = row, DL = column, CX = cursor shape
        hlt

; print: the text at SI, up to (not including) a 0 byte, with INT 10h AH=0Eh.
; Changes AX, BH, SI.
print:
        mov ah, 0x0E            ; teletype output
        mov bh, 0               ; page 0
next_character:
        lodsb                   ; AL = the byte at SI, and SI moves on by one
        cmp al, 0
        je print_done           ; the 0 ends the text
        int 0x10                ; print AL at the cursor, move the cursor right
        jmp next_character
print_done:
        ret

greeting:
        db 'The BIOS prints this,', 13, 10, 0
second_line:
        db 'one letter at a time.', 0
