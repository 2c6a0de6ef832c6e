; keyboard.asm: read keys with the BIOS, echo them, and greet the person who typed
; them.
; Teaches: INT 16h AH=00h (wait for a key: AH = scan code, AL = character), keeping
; input in a buffer, comparing with the Enter key, and printing what was typed.
;
; Click the console and type a name, then press Enter. INT 16h waits (the CPU sleeps
; with HLT inside the BIOS) until the keyboard has a key; the BIOS's keyboard
; interrupt (IRQ1) puts each key in a small buffer. The test of this program types
; "Ada" and Enter for you.
;   keys: "Ada\r"
;
; It needs the BIOS (the IDE starts every program with it; so do the tests):
;   needs: bios
;
; Expected outcome when the CPU stops at HLT, after the keys above (all values
; hexadecimal):
;   expect: CX=0003h DX=1C0Dh SP=FFFEh
;   expect-memory: 1000:2000=6441h 1000:2002=0061h
;   expect-console: Type your name: Ada\r\nHello, Ada!\r\n
; Worked out by hand from the BIOS interface (Ralf Brown's Interrupt List, INT 16h
; AH=00h) and the IBM PC's scan codes:
;   three letters before Enter: CX = 3; the Enter key is scan code 1Ch, character
;   0Dh (CR): DX = 1C0Dh;
;   the buffer at 2000h holds 'A' (41h) 'd' (64h) 'a' (61h) and the 0 we put after
;   it; words are low byte first: 6441h and 0061h;
;   the console shows the prompt, the echoed letters, then CR LF, "Hello, Ada!" and
;   CR LF.

bits 16
cpu 8086
org 0x100

NAME_BUFFER equ 0x2000          ; a free place in our segment for the letters
MAX_LETTERS equ 20

start:
        mov si, prompt
        call print
        mov di, NAME_BUFFER
        xor cx, cx              ; CX counts the letters
read_key:
        mov ah, 0x00            ; "wait for a key"
        int 0x16                ; AH = scan code (which key), AL = the character
        cmp al, 13              ; Enter?
        je got_name
        cmp cx, MAX_LETTERS
        je read_key             ; the buffer is full: ignore more letters
        mov [di], al            ; keep the letter
        inc di
        inc cx
        mov ah, 0x0E
        mov bh, 0
        int 0x10                ; echo it on the screen
        jmp read_key

got_name:
        mov dx, ax              ; keep the Enter key's codes to look at
        mov byte [di], 0        ; end the name with a 0
        mov si, hello
        call print
        mov si, NAME_BUFFER
        call print
        mov si, bang
        call print
        hlt

; print: the text at SI, up to a 0 byte, with INT 10h AH=0Eh (teletype). Changes AX,
; BH, SI.
print:
        mov ah, 0x0E
        mov bh, 0
print_next:
        lodsb
        cmp al, 0
        je print_done
        int 0x10
        jmp print_next
print_done:
        ret

prompt:
        db 'Type your name: ', 0
hello:
        db 13, 10, 'Hello, ', 0
bang:
        db '!', 13, 10, 0
