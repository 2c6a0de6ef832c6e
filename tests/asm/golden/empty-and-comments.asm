; empty-and-comments.asm: blank lines, comments, a label on its own line, trailing spaces

        ; only a comment


top:
        nop     ; a comment after an instruction
        nop;no space before the comment
	mov ax, 1	; tabs
end:    ; label with a comment
