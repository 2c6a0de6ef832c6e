; prefixes.asm: prefixes on their own lines and in every combination NASM orders for you
org 0x100
        rep
        movsb
        lock
        es
        repne
        wait
        rep movsw
        repe cmpsw
        repz scasb
        repne cmpsb
        repnz scasw
        es rep movsb
        rep es movsb
        cs lodsb
        ss stosw
        lock add [bx], ax
        lock es add [bx], ax
        es lock add [bx], ax
        es mov ax, [bx]
        mov ax, [es:bx]
        mov ax, es:[bx]
        ds mov ax, [bp]
        wait nop
        rep rep movsb
