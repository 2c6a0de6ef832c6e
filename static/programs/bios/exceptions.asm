; exceptions.asm (included by bios.asm): what happens when a program makes the CPU raise an exception
; that it does not handle itself. A plain IRET (as for every other vector) would be wrong for these two:
;   INT 06h, invalid opcode (#UD): the CPU pushes the address of the faulting instruction (as the 186 and
;            later do), so an IRET would run it again, for ever;
;   INT 0Eh, page fault (#PF): the CPU pushes an error code above FLAGS, CS and IP (virtualization.md
;            section 2.2.2), which an IRET would take for the return address.
; So the BIOS reports them, on the screen and the debug port E9h, and stops the machine like INT 20h.
; A program that uses paging installs its own INT 0Eh handler, and never gets here.

; ---- INT 06h: invalid opcode, not handled: print where, stop ---------------------------------------
; The stack: [SP] = IP of the faulting instruction, [SP+2] = its CS, [SP+4] = FLAGS.

exception_invalid_opcode:
        mov bp, sp
        mov si, invalid_opcode_text
        call print_rom_text
        call print_fault_address        ; CS:IP from [BP+2]:[BP]
        jmp stop_after_fault

; ---- INT 0Eh: page fault, not handled: print where and the error code, stop ------------------------
; The stack: [SP] = the error code, then IP, CS and FLAGS of the faulting instruction.

exception_page_fault:
        mov bp, sp
        add bp, 2                       ; [BP] = IP, [BP+2] = CS
        mov si, page_fault_text
        call print_rom_text
        call print_fault_address
        mov si, error_code_text
        call print_rom_text
        mov bp, sp
        mov ax, [bp]                    ; the error code: bit 0 present, bit 1 write, bit 2 user
        call print_hex_word
        jmp stop_after_fault

stop_after_fault:
        mov si, stopped_text
        call print_rom_text
        jmp int20_terminate

; ---- print_fault_address: print "CS:IP" from [BP+2] (CS) and [BP] (IP) -------------------------------

print_fault_address:
        mov ax, [bp + 2]
        call print_hex_word
        mov al, ':'
        call dos_output
        mov ax, [bp]
        call print_hex_word
        ret

; ---- print_rom_text: print the zero-terminated text at CS:SI (in this ROM) ---------------------------

print_rom_text:
        mov al, [cs:si]
        cmp al, 0
        je .done
        call dos_output
        inc si
        jmp print_rom_text
.done:
        ret

; ---- print_hex_word: print AX as four hexadecimal digits -----------------------------------------------

print_hex_word:
        push cx
        mov cx, 4
.digit:
        push cx
        mov cl, 4
        rol ax, cl                      ; the next digit (from the top) into AL's low nibble
        pop cx
        push ax
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .print
        add al, 'A' - '0' - 10
.print:
        call dos_output
        pop ax
        loop .digit
        pop cx
        ret

invalid_opcode_text:    db 13, 10, 'Hyperstep BIOS: invalid opcode at ', 0
page_fault_text:        db 13, 10, 'Hyperstep BIOS: page fault at ', 0
error_code_text:        db ', error code ', 0
stopped_text:           db '; stopped.', 13, 10, 0
