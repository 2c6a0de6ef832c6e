; strings.asm: text is just bytes in memory. Measure it, copy it, change it, compare
; it.
; Teaches: the string instructions (SCASB, MOVSB, LODSB, STOSB, CMPSB) with SI, DI,
; CX and REP prefixes.
;
; A string instruction works on the byte at DS:SI (source) and/or ES:DI
; (destination) and then moves SI and DI on by one (forward, because CLD cleared the
; direction flag). A REP prefix repeats it CX times. In a .COM program DS = ES = CS,
; so SI and DI are plain offsets in our own segment. Open the memory at 1000:2000
; while you step to watch the copy appear and turn into capitals.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: BX=0001h CX=0000h DX=0009h SI=2009h
;   expect: ZF=1
;   expect-memory: 1000:2000=5948h 1000:2002=4550h 1000:2004=5352h
;   expect-memory: 1000:2006=4554h 1000:2008=0050h
; Worked out by hand:
;   "hyperstep" has 9 letters: DX = 9 (REPNE SCASB looks at 10 bytes with the 0,
;   CX = FFFFh - 10, and NOT CX - 1 = 10 - 1);
;   the copy at 2000h in capitals is "HYPERSTEP" and the 0; a word in memory is low
;   byte first, so the word at 2000h is 'Y' (59h) * 256 + 'H' (48h) = 5948h, then
;   "PE" = 4550h, "RS" = 5352h, "TE" = 4554h and 'P' with the 0 after it = 0050h;
;     python3 -c "b=b'HYPERSTEP\0';print([hex(b[i]|b[i+1]<<8) for i in range(0,9,2)])"
;   REPE CMPSB finds all 9 bytes equal: ZF = 1, CX = 0, SI = 2000h + 9; so BX = 1.

bits 16
cpu 8086
org 0x100

COPY    equ 0x2000              ; a free place in our segment for the copy

start:
        cld                     ; DF = 0: SI and DI count upwards

; ---- 1. Length: REPNE SCASB compares AL with [ES:DI] until they are equal
        mov di, word_in
        mov al, 0               ; look for the 0 that ends the text
        mov cx, 0xFFFF          ; "as long as it takes"
        repne scasb
        not cx                  ; CX = how many bytes were looked at (the 0 too)
        dec cx                  ; the length without the 0
        mov dx, cx              ; DX = 9

; ---- 2. Copy: REP MOVSB copies CX bytes from [DS:SI] to [ES:DI]
        mov si, word_in
        mov di, COPY
        inc cx                  ; copy the 0 too
        rep movsb

; ---- 3. Capitals: read a byte (LODSB), change it, write it back (STOSB)
        mov si, COPY
        mov di, COPY
next_letter:
        lodsb                   ; AL = [SI], SI = SI + 1
        cmp al, 0
        je letters_done
        cmp al, 'a'
        jb keep                 ; below 'a': not a small letter
        cmp al, 'z'
        ja keep                 ; above 'z': not a small letter
        sub al, 'a' - 'A'       ; 'a' is 61h, 'A' is 41h: capitals are 20h lower
keep:
        stosb                   ; [DI] = AL, DI = DI + 1
        jmp next_letter
letters_done:

; ---- 4. Compare: REPE CMPSB goes on while [DS:SI] equals [ES:DI], at most CX times
        mov si, COPY
        mov di, shout
        mov cx, 9
        repe cmpsb
        mov bx, 0               ; MOV leaves the flags: JNE still sees CMPSB's ZF
        jne different
        mov bx, 1               ; BX = 1: the texts are the same
different:
        hlt

word_in:
        db 'hyperstep', 0
shout:
        db 'HYPERSTEP'
