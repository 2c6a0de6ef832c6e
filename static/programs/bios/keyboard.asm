; keyboard.asm (included by bios.asm): the keyboard interrupt, INT 09h, which turns scan codes into
; keys in the BDA's type-ahead buffer, and the keyboard service, INT 16h, which hands them out.
;
; The buffer (Technical Reference, "BIOS data area"): 16 words at 0040:001E-0040:003D used as a ring.
; 0040:001A (head) is the offset of the oldest key, 0040:001C (tail) the offset of the next free word;
; head = tail means empty, so at most 15 keys wait. Each key is one word: the scan code in the high
; byte, the ASCII character in the low byte (0 for keys without one, such as F1 or the arrows).

; The shift-state byte at 0040:0017 (Technical Reference KB_FLAG).
KB_RIGHT_SHIFT  equ 0x01
KB_LEFT_SHIFT   equ 0x02
KB_CTRL         equ 0x04
KB_ALT          equ 0x08
KB_SCROLL_LOCK  equ 0x10
KB_NUM_LOCK     equ 0x20
KB_CAPS_LOCK    equ 0x40
KB_SHIFTS       equ KB_RIGHT_SHIFT | KB_LEFT_SHIFT

; IBM scan code set 1: the make codes of the keys that change the shift state.
KEY_CTRL        equ 0x1D
KEY_LEFT_SHIFT  equ 0x2A
KEY_RIGHT_SHIFT equ 0x36
KEY_ALT         equ 0x38
KEY_CAPS_LOCK   equ 0x3A
KEY_NUM_LOCK    equ 0x45
KEY_SCROLL_LOCK equ 0x46
KEY_RELEASED    equ 0x80            ; bit 7 of a scan code: the break (release) code of the key

; ---- INT 09h: keyboard, IRQ1 (Technical Reference KB_INT; RBIL INT 09) ---------------------------
; One scan code per interrupt, read from port 60h. Shift, Ctrl and Alt are tracked in the shift-state
; byte while held; Caps Lock, Num Lock and Scroll Lock toggle on each press. Any other key's press
; becomes a key word in the buffer (a full buffer drops it); releases and the E0h/E1h prefixes of
; extended keys are ignored. Simplifications: Num Lock does not change the keypad, Alt gives ASCII 0,
; Ctrl only changes the letters (Ctrl+A = 01h ... Ctrl+Z = 1Ah).

int09_keyboard:
        push ax
        push bx
        push cx
        push ds
        mov ax, BDA_SEGMENT
        mov ds, ax
        in al, KBD_DATA
        mov ah, al                      ; AH = the code as read (bit 7: released)
        and al, 0x7F                    ; AL = the key
        mov bl, KB_RIGHT_SHIFT
        cmp al, KEY_RIGHT_SHIFT
        je .modifier
        mov bl, KB_LEFT_SHIFT
        cmp al, KEY_LEFT_SHIFT
        je .modifier
        mov bl, KB_CTRL
        cmp al, KEY_CTRL
        je .modifier
        mov bl, KB_ALT
        cmp al, KEY_ALT
        je .modifier
        test ah, KEY_RELEASED
        jnz .done                       ; any other key's release (and E0h, E1h): nothing to do
        mov bl, KB_CAPS_LOCK
        cmp al, KEY_CAPS_LOCK
        je .toggle
        mov bl, KB_NUM_LOCK
        cmp al, KEY_NUM_LOCK
        je .toggle
        mov bl, KB_SCROLL_LOCK
        cmp al, KEY_SCROLL_LOCK
        je .toggle
        cmp al, 0
        je .done
        cmp al, KEY_COUNT
        jae .done                       ; beyond F12: not a key of the 101-key layout
        call translate_key
        call enqueue_key
        jmp .done
.modifier:
        test ah, KEY_RELEASED
        jnz .released
        or [BDA_KB_FLAGS], bl           ; pressed: the bit is on while the key is held
        jmp .done
.released:
        not bl
        and [BDA_KB_FLAGS], bl
        jmp .done
.toggle:
        xor [BDA_KB_FLAGS], bl
.done:
        mov al, PIC_EOI
        out PIC_COMMAND, al             ; OCW2: non-specific EOI for IRQ1
        pop ds
        pop cx
        pop bx
        pop ax
        iret

; ---- translate_key: the key word of a key press ----------------------------------------------------
; In: AL = the make code (1 ... KEY_COUNT - 1), DS = 0040h. Out: AH = the make code, AL = its ASCII
; character (US layout) under the current shift state.

translate_key:
        mov bl, al
        xor bh, bh                      ; BX = the make code, an index into the tables
        mov ah, al
        mov al, [cs:unshifted_keys + bx]
        mov cl, [BDA_KB_FLAGS]
        test cl, KB_ALT
        jnz .no_character
        cmp al, 'a'
        jb .not_letter
        cmp al, 'z'
        ja .not_letter
        test cl, KB_CTRL
        jnz .control_letter
        test cl, KB_CAPS_LOCK
        jz .not_letter
        test cl, KB_SHIFTS              ; a letter with Caps Lock on: Shift gives the lower case
        jnz .translated
        mov al, [cs:shifted_keys + bx]
        ret
.not_letter:
        test cl, KB_SHIFTS
        jz .translated
        mov al, [cs:shifted_keys + bx]
.translated:
        ret
.control_letter:
        sub al, 'a' - 1                 ; Ctrl+A = 01h ... Ctrl+Z = 1Ah
        ret
.no_character:
        xor al, al
        ret

; ---- enqueue_key: put the key word AX at the tail of the buffer (dropped when full) ---------------
; In: DS = 0040h.

enqueue_key:
        push bx
        push cx
        mov bx, [BDA_KB_TAIL]
        mov cx, bx
        add cx, 2                       ; the slot after the tail, wrapping at the buffer's end
        cmp cx, BDA_KB_BUFFER_END
        jb .no_wrap
        mov cx, BDA_KB_BUFFER
.no_wrap:
        cmp cx, [BDA_KB_HEAD]
        je .full                        ; the tail would meet the head: the buffer is full
        mov [bx], ax
        mov [BDA_KB_TAIL], cx
.full:
        pop cx
        pop bx
        ret

; ---- INT 16h: keyboard services (Technical Reference KEYBOARD_IO; RBIL INT 16) ---------------------
; AH=00h (and 10h) wait for a key and remove it: out AH = scan code, AL = ASCII character.
; AH=01h (and 11h) is a key waiting? ZF = 1: no. ZF = 0: yes, AX = the key (it stays in the buffer).
; AH=02h (and 12h) shift state: out AL = the byte at 0040:0017.
; AH=00h sleeps with HLT while the buffer is empty: it turns interrupts on first (STI), so a key's
; IRQ1 (or a timer tick) wakes it. STI enables interrupts only after the instruction that follows it
; (Intel 8086 manual, STI), so no IRQ can slip in between the emptiness check and the HLT.

int16_keyboard:
        push bp
        mov bp, sp                      ; [BP+6] = the caller's FLAGS (above BP, IP and CS)
        push bx
        push ds
        mov bx, BDA_SEGMENT
        mov ds, bx
        and ah, 0xEF                    ; 10h-12h, the "enhanced keyboard" calls, work as 00h-02h
        cmp ah, 0x00
        je .read
        cmp ah, 0x01
        je .peek
        cmp ah, 0x02
        je .shift_state
        jmp .done
.read:
        cli                             ; look at the buffer with no IRQ1 in the middle
        mov bx, [BDA_KB_HEAD]
        cmp bx, [BDA_KB_TAIL]
        jne .take
        sti
        hlt                             ; empty: sleep until an interrupt, then look again
        jmp .read
.take:
        mov ax, [bx]                    ; the oldest key
        add bx, 2
        cmp bx, BDA_KB_BUFFER_END
        jb .no_wrap
        mov bx, BDA_KB_BUFFER
.no_wrap:
        mov [BDA_KB_HEAD], bx
        jmp .done
.peek:
        cli
        mov bx, [BDA_KB_HEAD]
        cmp bx, [BDA_KB_TAIL]
        je .empty
        mov ax, [bx]
        and word [bp + 6], ~FLAG_ZF     ; ZF = 0 in the FLAGS the IRET restores: a key is waiting
        jmp .done
.empty:
        or word [bp + 6], FLAG_ZF       ; ZF = 1: no key
        jmp .done
.shift_state:
        mov al, [BDA_KB_FLAGS]
.done:
        pop ds
        pop bx
        pop bp
        iret                            ; the caller's FLAGS (with its IF) come back

; ---- The US layout: ASCII of each make code, without and with Shift -----------------------------
; Index = make code 00h-58h (Technical Reference, "Keyboard scan codes"). 0 = no character.

unshifted_keys:
        db 0, 0x1B, '1234567890-=', 0x08, 0x09          ; 00h-0Fh: -, Esc, digits, Backspace, Tab
        db 'qwertyuiop[]', 0x0D, 0                      ; 10h-1Dh: ..., Enter, Ctrl
        db "asdfghjkl;'`", 0, '\'                       ; 1Eh-2Bh: ..., Left Shift, backslash
        db 'zxcvbnm,./', 0, '*', 0, ' ', 0              ; 2Ch-3Ah: ..., Right Shift, *, Alt, Space, Caps
        db 0, 0, 0, 0, 0, 0, 0, 0, 0, 0                 ; 3Bh-44h: F1-F10
        db 0, 0                                         ; 45h-46h: Num Lock, Scroll Lock
        db 0, 0, 0, '-', 0, 0, 0, '+', 0, 0, 0, 0, 0    ; 47h-53h: keypad without Num Lock
        db 0, 0, 0, 0, 0                                ; 54h-58h: (SysRq), -, (102nd key), F11, F12
KEY_COUNT equ $ - unshifted_keys

shifted_keys:
        db 0, 0x1B, '!@#$%^&*()_+', 0x08, 0             ; Shift+Tab has no character
        db 'QWERTYUIOP{}', 0x0D, 0
        db 'ASDFGHJKL:"~', 0, '|'
        db 'ZXCVBNM<>?', 0, '*', 0, ' ', 0
        db 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        db 0, 0
        db '789-456+1230.'                              ; Shift turns the keypad into digits
        db 0, 0, 0, 0, 0
