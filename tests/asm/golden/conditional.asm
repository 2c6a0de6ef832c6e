; conditional.asm: %if, %elif, %else, %ifdef, %ifndef, %ifidn, nested blocks
org 0x100
%define DEBUG
%define LEVEL 2
%ifdef DEBUG
        mov al, 1
%else
        mov al, 0
%endif
%ifndef RELEASE
        mov bl, 2
%endif
%if LEVEL == 1
        mov cl, 1
%elif LEVEL == 2
        mov cl, 2
  %if LEVEL > 1 && LEVEL < 3
        mov ch, 2
  %else
        mov ch, 0
  %endif
%else
        mov cl, 3
%endif
%if 0
        this line is never read
  %if 1
        nor this one
  %endif
%endif
%ifidn LEVEL, 2
        mov dl, 2
%endif
%ifidni ax, AX
        mov dh, 1
%endif
%ifdef NOTHING
        hlt
%elifdef DEBUG
        nop
%endif
