; strings.asm: strings in db/dw/dd are padded to whole units; escapes only in backquotes
org 0
msg:    db 'Hello, world!', 13, 10, '$'
        db "double 'quotes' inside", 0
        db 'single "quotes" inside', 0
        db `tab\there\r\n`, `\a\b\f\v`, `\"\'\?`, `\x7f\xff`, `\001\177`
        db `\u00e9`, `\U0001f600`, 'é'
        dw 'abc', 'abcd', 'a'
        dd 'abcde'
        dq 'ab'
        db '', 1, 2
        db 'a', 'b', 0
len     equ $ - msg
        dw len
