; bounce.asm: an animation on the text screen: a ball bouncing around a box, one
; step per timer tick.
; Teaches: the text screen as memory (segment B800h, 2 bytes per cell: the
; character, then its colour), row * 80 + column addressing, STOSW, waiting for the
; timer with STI + HLT, and a little game logic.
;
; The screen is 80 columns by 25 rows. The cell at row r, column c is at
; B800:(r * 80 + c) * 2. Writing a word there shows a character at once: the low
; byte is the character, the high byte the colour (0Eh yellow on black, 07h grey).
; We draw a box of '#', then move an 'O' by one cell per frame and bounce off the
; walls. Between frames, HLT sleeps until the BIOS timer interrupt (18.2 times a
; second) wakes the CPU.
;
; It needs the BIOS (the IDE starts every program with it; so do the tests):
;   needs: bios
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: BX=01FFh CX=0000h DX=070Fh
;   expect-memory: B800:047E=0E4Fh B800:0000=0723h B800:072E=0723h B800:00A2=0720h
; Worked out by hand (and with a Python loop, below):
;   the ball starts at column 1, row 1, moving right and down; it turns round at
;   columns 1 and 38 and rows 1 and 10 (inside the walls). Across, 60 steps go 37
;   right (to column 38) and 23 back: column 15 = 0Fh, moving left (-1 = FFh); down,
;   the trip 1 -> 10 -> 1 takes 18 steps, 60 = 3 * 18 + 6: row 7, moving down (+1):
;   DX = row:column = 070Fh, BX = down:across = 01FFh; LOOP ends with CX = 0;
;     python3 -c "x=y=dx=dy=1
;     for f in range(60):
;       x+=dx; y+=dy
;       if x in (1,38): dx=-dx
;       if y in (1,10): dy=-dy
;     print(x,y,dx,dy)"   prints 15 7 -1 1
;   the ball 'O' (4Fh) in yellow (0Eh) at (7 * 80 + 15) * 2 = 047Eh; a wall '#'
;   (23h) in grey (07h) at the top left (0) and the bottom right corner of the box
;   (11 * 80 + 39) * 2 = 072Eh; the ball's first cell (1 * 80 + 1) * 2 = 00A2h is
;   empty again: a space (20h) in grey.

bits 16
cpu 8086
org 0x100

SCREEN  equ 0xB800              ; the colour text screen's segment
WIDTH   equ 40                  ; the box: columns 0-39 ...
HEIGHT  equ 12                  ; ... and rows 0-11
FRAMES  equ 60
BALL    equ 0x0E4F              ; 'O', yellow on black
WALL    equ 0x0723              ; '#', grey on black
EMPTY   equ 0x0720              ; ' ', grey on black

start:
        mov ax, SCREEN
        mov es, ax              ; ES:DI will point into the screen
        cld
        call draw_box

        mov dl, 1               ; DL = column (x)
        mov dh, 1               ; DH = row (y)
        mov bl, 1               ; BL = step across: +1 right, -1 (FFh) left
        mov bh, 1               ; BH = step down:  +1 down,  -1 (FFh) up
        mov cx, FRAMES
        sti                     ; let the timer interrupt in: it will wake each HLT
frame:
        mov ax, BALL
        call put                ; draw the ball
        hlt                     ; wait for the next timer tick (about 55 ms)
        mov ax, EMPTY
        call put                ; rub it out
        add dl, bl              ; move
        add dh, bh
        cmp dl, 1               ; at the left or right wall? turn round
        je turn_x
        cmp dl, WIDTH - 2
        jne x_done
turn_x:
        neg bl
x_done:
        cmp dh, 1               ; at the top or bottom wall? turn round
        je turn_y
        cmp dh, HEIGHT - 2
        jne y_done
turn_y:
        neg bh
y_done:
        loop frame

        mov ax, BALL
        call put                ; the ball where it stopped
        cli                     ; no more interrupts: the HLT below is the end
        hlt

; put: write the cell AX (colour:character) at row DH, column DL. Changes DI.
put:
        push ax
        mov al, 80
        mul dh                  ; AX = row * 80
        add al, dl
        adc ah, 0               ; AX = row * 80 + column
        shl ax, 1               ; 2 bytes per cell
        mov di, ax
        pop ax
        stosw                   ; [ES:DI] = AX
        ret

; draw_box: walls on the edges of the box, spaces inside. Changes AX, DX, DI.
draw_box:
        mov dh, 0
box_row:
        mov dl, 0
box_column:
        mov ax, WALL
        cmp dh, 0
        je box_put
        cmp dh, HEIGHT - 1
        je box_put
        cmp dl, 0
        je box_put
        cmp dl, WIDTH - 1
        je box_put
        mov ax, EMPTY
box_put:
        call put
        inc dl
        cmp dl, WIDTH
        jb box_column
        inc dh
        cmp dh, HEIGHT
        jb box_row
        ret
