; rep.asm: %rep blocks with %assign counters, nested, and %exitrep
org 0
%assign i 0
%rep 8
        db i * i
%assign i i + 1
%endrep
%assign row 0
%rep 3
%assign col 0
%rep 4
        dw row * 16 + col
%assign col col + 1
%endrep
%assign row row + 1
%endrep
%assign n 1
%rep 100
%if n > 200
%exitrep
%endif
        dw n
%assign n n * 3
%endrep
%rep 0
        db 0xff
%endrep
