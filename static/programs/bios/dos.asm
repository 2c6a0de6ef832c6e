; dos.asm (included by bios.asm): the sliver of MS-DOS that simple .COM programs need, INT 20h and
; INT 21h, built on the BIOS's own keyboard (INT 16h) and screen (INT 10h) services. There is no DOS
; here: no files, no memory manager, no program loader; "exit" stops the machine.

; ---- INT 21h: DOS function dispatcher (RBIL INT 21; MS-DOS Programmer's Reference) ------------------
; AH=00h terminate program (as INT 20h).
; AH=01h read a key with echo: waits for a key, prints it; out AL = its character.
; AH=02h print the character in DL; out AL = DL (what DOS returns, RBIL INT 21/AH=02h).
; AH=09h print the string at DS:DX up to (not including) the first '$'; out AL = 24h ('$').
; AH=4Ch terminate with the return code in AL (left in AL for the host to read).
; Any other AH returns at once with nothing changed. Simplifications: Ctrl-C is an ordinary key (DOS
; would run INT 23h), and output is never redirected (DOS's standard output is always the screen here).

int21_dos:
        cmp ah, 0x09
        je .print_string
        cmp ah, 0x02
        je .print_character
        cmp ah, 0x01
        je .read_with_echo
        cmp ah, 0x4C
        je int20_terminate
        cmp ah, 0x00
        je int20_terminate
        iret
.print_character:
        mov al, dl
        call dos_output
        iret
.read_with_echo:
        mov ah, 0x00
        int 0x16                        ; AH = scan code, AL = character
        call dos_output
        mov ah, 0x01                    ; AH comes back as the caller set it
        iret
.print_string:
        push si
        mov si, dx
.next_character:
        mov al, [si]                    ; DS = the caller's data segment
        cmp al, '$'
        je .string_done
        call dos_output
        inc si
        jmp .next_character
.string_done:
        pop si
        iret

; ---- dos_output: print AL through INT 10h AH=0Eh (teletype, page 0) -----------------------------------

dos_output:
        push ax
        push bx
        mov ah, 0x0E
        xor bh, bh
        int 0x10
        pop bx
        pop ax
        ret

; ---- INT 20h: terminate program (RBIL INT 20), also INT 21h AH=00h and AH=4Ch ------------------------
; Prints nothing and stops the machine: interrupts off, then HLT. With IF = 0 no interrupt can wake
; the CPU, so on the bare machine the run ends here; under the hypervisor, a HLT with the virtual IF
; clear ends the VM. (Should something wake it anyway, an NMI, it halts again.)

int20_terminate:
        cli
.halt:
        hlt
        jmp .halt
