; video.asm (included by bios.asm): INT 10h, the video services, on the 80 x 25 colour text page at
; B800:0000. Each screen cell is two bytes: the character, then its attribute (colours).
; Only page 0 exists (the text page is one 4 KiB frame): the cursors of pages 1-7 are remembered but
; never shown, and every service reads and writes page 0. Every mode number is served as mode 3 (80x25).

; ---- INT 10h: dispatcher (Technical Reference VIDEO_IO; RBIL INT 10) --------------------------
; AH selects the service; all registers are kept except the documented results.
;   00h set mode          01h set cursor shape    02h set cursor position   03h get cursor position
;   06h scroll window up  07h scroll window down  08h read character+attribute at the cursor
;   09h write character+attribute  0Ah write character   0Eh teletype   0Fh get mode
; Any other AH returns with nothing changed. AH=06h-0Ah are in video-cells.asm.

int10_video:
        push ds
        push bp
        mov bp, BDA_SEGMENT
        mov ds, bp                      ; DS = 0040h for every service
        cld                             ; the caller's DF comes back with its FLAGS at the IRET
        cmp ah, 0x0E
        je .teletype
        cmp ah, 0x00
        je .set_mode
        cmp ah, 0x01
        je .set_cursor_shape
        cmp ah, 0x02
        je .set_cursor
        cmp ah, 0x03
        je .get_cursor
        cmp ah, 0x06
        je .scroll
        cmp ah, 0x07
        je .scroll
        cmp ah, 0x08
        je .read_cell
        cmp ah, 0x09
        je .write_cells
        cmp ah, 0x0A
        je .write_cells
        cmp ah, 0x0F
        je .get_mode
        jmp .done                       ; a service this BIOS does not offer: nothing happens
.teletype:
        call video_teletype
        jmp .done
.set_mode:
        call video_set_mode
        jmp .done
.set_cursor_shape:
        call video_set_cursor_shape
        jmp .done
.set_cursor:
        call video_set_cursor
        jmp .done
.get_cursor:
        call video_get_cursor
        jmp .done
.scroll:
        call video_scroll
        jmp .done
.read_cell:
        call video_read_cell
        jmp .done
.write_cells:
        call video_write_cells
        jmp .done
.get_mode:
        mov al, [BDA_VIDEO_MODE]        ; AL = mode
        mov ah, COLUMNS                 ; AH = characters per row
        mov bh, [BDA_ACTIVE_PAGE]       ; BH = the page on screen
.done:
        pop bp
        pop ds
        iret

; ---- AH=00h: set video mode (RBIL INT 10/AH=00h) ------------------------------------------------
; In: AL = mode (bit 7, "keep the screen", is ignored). The screen is cleared, every page's cursor
; goes to the top left, and the mode is recorded in the BDA.

video_set_mode:
        push ax
        push cx
        push di
        push es
        and al, 0x7F
        mov [BDA_VIDEO_MODE], al
        mov word [BDA_COLUMNS], COLUMNS
        mov word [BDA_PAGE_START], 0
        mov byte [BDA_ACTIVE_PAGE], 0
        push ds
        pop es                          ; ES = 0040h
        mov di, BDA_CURSOR_POS
        xor ax, ax
        mov cx, 8
        rep stosw                       ; the 8 cursors: row 0, column 0
        mov ax, VIDEO_SEGMENT
        mov es, ax
        xor di, di
        mov ax, BLANK_CELL
        mov cx, COLUMNS * ROWS
        rep stosw                       ; every cell a grey-on-black space
        call update_hw_cursor
        pop es
        pop di
        pop cx
        pop ax
        ret

; ---- AH=01h: set cursor shape (RBIL INT 10/AH=01h; Technical Reference SET_CTYPE) -----------------
; In: CH = the cursor's first scan line, CL = its last (lines 0-7 of a character cell; 6-7 is the
; underline after reset). Kept in the BDA for AH=03h and written to the CRTC's registers 10 and 11.

video_set_cursor_shape:
        push ax
        push dx
        mov [BDA_CURSOR_SHAPE], cx
        mov dx, CRTC_INDEX
        mov al, CRTC_CURSOR_START
        out dx, al
        inc dx
        mov al, ch
        out dx, al
        dec dx
        mov al, CRTC_CURSOR_END
        out dx, al
        inc dx
        mov al, cl
        out dx, al
        pop dx
        pop ax
        ret

; ---- AH=02h: set cursor position (RBIL INT 10/AH=02h) -------------------------------------------
; In: BH = page, DH = row, DL = column (0-based).

video_set_cursor:
        push bx
        mov bl, bh
        and bx, 0x0007                  ; BX = page 0-7
        shl bx, 1
        mov [BDA_CURSOR_POS + bx], dx
        call update_hw_cursor
        pop bx
        ret

; ---- AH=03h: get cursor position and shape (RBIL INT 10/AH=03h) --------------------------------
; In: BH = page. Out: DH = row, DL = column, CH = cursor start line, CL = end line.

video_get_cursor:
        push bx
        mov bl, bh
        and bx, 0x0007
        shl bx, 1
        mov dx, [BDA_CURSOR_POS + bx]
        mov cx, [BDA_CURSOR_SHAPE]
        pop bx
        ret

; ---- AH=0Eh: teletype output (Technical Reference WRITE_TTY; RBIL INT 10/AH=0Eh) ---------------
; In: AL = the character. Writes it at the cursor of page 0 and moves the cursor on, like a
; terminal: CR (0Dh) goes to column 0, LF (0Ah) one row down, BS (08h) one column left (without
; erasing), BEL (07h) only "rings". Other characters replace the character in the cell and keep its
; attribute. After column 79 the cursor goes to the start of the next row; a row past the last one
; scrolls the screen up one line, and the new bottom line is blanked with the attribute of the cell
; at the cursor (as the IBM BIOS does).
; Every byte also goes to the debug port E9h, so a run without a screen still sees the output.

video_teletype:
        push ax
        push bx
        push dx
        push di
        push es
        out DEBUG_PORT, al
        mov bx, VIDEO_SEGMENT
        mov es, bx
        mov dx, [BDA_CURSOR_POS]        ; DH = row, DL = column
        cmp al, 0x0D
        je .carriage_return
        cmp al, 0x0A
        je .line_feed
        cmp al, 0x08
        je .backspace
        cmp al, 0x07
        je .finished                    ; BEL: there is no speaker; the cursor stays
        call cell_offset                ; DI = the cell under the cursor
        mov [es:di], al                 ; the character; the attribute byte at DI+1 stays
        inc dl
        cmp dl, COLUMNS
        jb .move
        xor dl, dl                      ; past the right edge: start of the next row
        jmp .line_feed
.carriage_return:
        xor dl, dl
        jmp .move
.backspace:
        cmp dl, 0
        je .move                        ; already at the left edge
        dec dl
        jmp .move
.line_feed:
        inc dh
        cmp dh, ROWS
        jb .move
        mov dh, ROWS - 1                ; below the last row: scroll, stay on the last row
        call scroll_up
.move:
        mov [BDA_CURSOR_POS], dx
        call update_hw_cursor
.finished:
        pop es
        pop di
        pop dx
        pop bx
        pop ax
        ret

; ---- scroll_up: move rows 1-24 up one row and blank row 24 ----------------------------------------
; In: ES = video segment, DH = 24, DL = the cursor's column (its cell gives the blank's attribute).

scroll_up:
        push ax
        push cx
        push si
        push di
        push ds
        call cell_offset
        mov ah, [es:di + 1]             ; the attribute under the cursor
        mov al, ' '
        push es
        pop ds                          ; DS = ES = video segment
        mov si, COLUMNS * 2             ; from row 1
        xor di, di                      ; to row 0
        mov cx, COLUMNS * (ROWS - 1)
        rep movsw
        mov cx, COLUMNS                 ; DI is now the start of row 24
        rep stosw
        pop ds
        pop di
        pop si
        pop cx
        pop ax
        ret

; ---- cursor_location: AX = DH * 80 + DL, the cell number of row DH, column DL --------------------

cursor_location:
        mov al, dh
        mov ah, COLUMNS
        mul ah                          ; AX = row * 80
        add al, dl
        adc ah, 0                       ; + column
        ret

; ---- cell_offset: DI = the byte offset of row DH, column DL in the text page (2 bytes a cell) -----

cell_offset:
        push ax
        call cursor_location
        shl ax, 1
        mov di, ax
        pop ax
        ret

; ---- update_hw_cursor: show page 0's cursor through the CRTC ---------------------------------------
; The 6845 CRTC holds the blinking cursor's cell number in registers 14 (high byte) and 15 (low byte),
; written by selecting the register at 3D4h and writing the value at 3D5h (IBM CGA, Technical Reference).
; In: DS = 0040h.

update_hw_cursor:
        push ax
        push bx
        push dx
        mov dx, [BDA_CURSOR_POS]
        call cursor_location
        mov bx, ax                      ; BX = the cursor's cell number
        mov dx, CRTC_INDEX
        mov al, CRTC_CURSOR_HI
        out dx, al
        inc dx
        mov al, bh
        out dx, al
        dec dx
        mov al, CRTC_CURSOR_LO
        out dx, al
        inc dx
        mov al, bl
        out dx, al
        pop dx
        pop bx
        pop ax
        ret
