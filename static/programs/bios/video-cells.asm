; video-cells.asm (included by bios.asm): the INT 10h services that work on a window or on cells of the
; text page rather than as a terminal: scrolling a window up or down, and reading and writing characters
; with their attributes at the cursor. video.asm holds the dispatcher, the cursor and the teletype; the
; helpers cell_offset and update_hw_cursor used here are there too.

; ---- AH=06h / AH=07h: scroll a window up / down (RBIL INT 10/AH=06h, AH=07h) ----------------------
; In: AL = how many rows to move (0, or at least the window's height: blank the whole window),
; BH = the attribute for the blanked rows, CH, CL = the window's top row and left column,
; DH, DL = its bottom row and right column (inclusive). The cursor does not move.
; AH=06h moves the window's contents up AL rows and blanks AL rows at its bottom; AH=07h moves them
; down and blanks rows at its top. Row by row: each row of the window gets the row AL below it (up)
; or AL above it (down), or a blank row when that row is outside the window.
; The saved registers double as the parameters: [BP+...] below are the caller's AX, BX, CX, DX.

SCROLL_LINES    equ 16              ; [BP+16] = AL, the rows to move
SCROLL_FUNCTION equ 17              ; [BP+17] = AH, 06h or 07h
SCROLL_ATTRIBUTE equ 15             ; [BP+15] = BH
SCROLL_LEFT     equ 12              ; [BP+12] = CL
SCROLL_TOP      equ 13              ; [BP+13] = CH
SCROLL_RIGHT    equ 10              ; [BP+10] = DL
SCROLL_BOTTOM   equ 11              ; [BP+11] = DH

video_scroll:
        push ax
        push bx
        push cx
        push dx
        push si
        push di
        push es
        push ds
        push bp
        mov bp, sp
        mov si, VIDEO_SEGMENT
        mov ds, si
        mov es, si
        mov bl, dh
        sub bl, ch
        inc bl                          ; BL = rows in the window
        cmp al, 0
        je .whole_window
        cmp al, bl
        jbe .lines_known
.whole_window:
        mov al, bl
.lines_known:
        mov [bp + SCROLL_LINES], al
        mov bl, ch                      ; BL = the row being filled: up starts at the top ...
        cmp ah, 0x06
        je .row
        mov bl, dh                      ; ... down at the bottom
.row:
        mov al, bl
        mov ah, [bp + SCROLL_LEFT]
        call row_column_offset
        mov dx, di                      ; DX = where this row of the window starts
        mov al, bl
        cmp byte [bp + SCROLL_FUNCTION], 0x06
        jne .source_above
        add al, [bp + SCROLL_LINES]     ; up: the row AL below
        cmp al, [bp + SCROLL_BOTTOM]
        ja .blank_row
        jmp .copy_row
.source_above:
        sub al, [bp + SCROLL_TOP]       ; down: is there a row AL above, inside the window?
        cmp al, [bp + SCROLL_LINES]
        jb .blank_row
        mov al, bl
        sub al, [bp + SCROLL_LINES]
.copy_row:
        mov ah, [bp + SCROLL_LEFT]
        call row_column_offset
        mov si, di                      ; SI = the source row
        mov di, dx
        call window_width
        rep movsw
        jmp .next_row
.blank_row:
        mov di, dx
        call window_width
        mov al, ' '
        mov ah, [bp + SCROLL_ATTRIBUTE]
        rep stosw
.next_row:
        cmp byte [bp + SCROLL_FUNCTION], 0x06
        jne .step_up
        cmp bl, [bp + SCROLL_BOTTOM]
        je .finished
        inc bl
        jmp .row
.step_up:
        cmp bl, [bp + SCROLL_TOP]
        je .finished
        dec bl
        jmp .row
.finished:
        pop bp
        pop ds
        pop es
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; window_width: CX = right column - left column + 1, from video_scroll's frame.
window_width:
        mov cl, [bp + SCROLL_RIGHT]
        sub cl, [bp + SCROLL_LEFT]
        inc cl
        xor ch, ch
        ret

; ---- AH=08h: read the character and attribute at the cursor (RBIL INT 10/AH=08h) --------------------
; In: BH = page (page 0 is read). Out: AL = the character, AH = its attribute.

video_read_cell:
        push dx
        push di
        push es
        mov dx, [BDA_CURSOR_POS]
        call cell_offset
        mov ax, VIDEO_SEGMENT
        mov es, ax
        mov ax, [es:di]                 ; a cell is the character, then the attribute: AL, AH
        pop es
        pop di
        pop dx
        ret

; ---- AH=09h / AH=0Ah: write a character CX times at the cursor (RBIL INT 10/AH=09h, AH=0Ah) -----------
; In: AL = the character, BL = its attribute (AH=09h only; AH=0Ah keeps the cells' attributes),
; BH = page (page 0 is written), CX = how many cells, from the cursor onwards (stopping at the end
; of the screen). The cursor does not move, and CR, LF, BS are written as characters, not obeyed.

video_write_cells:
        push cx
        push dx
        push di
        push es
        mov dx, [BDA_CURSOR_POS]
        call cell_offset
        mov dx, VIDEO_SEGMENT
        mov es, dx
        jcxz .finished
.cell:
        cmp di, COLUMNS * ROWS * 2
        jae .finished                   ; past the last cell of the screen
        mov [es:di], al
        cmp ah, 0x09
        jne .attribute_kept
        mov [es:di + 1], bl
.attribute_kept:
        inc di
        inc di
        loop .cell
.finished:
        pop es
        pop di
        pop dx
        pop cx
        ret

; ---- row_column_offset: DI = the byte offset of row AL, column AH (keeps every other register) --------

row_column_offset:
        push dx
        mov dx, ax
        xchg dh, dl                     ; DH = row, DL = column
        call cell_offset
        pop dx
        ret
