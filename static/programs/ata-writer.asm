; ata-writer.asm: write two sectors to the disk, read them back, compare.
;
; The disk is the ATA-lite one at ports 1F0h-1F7h (devices/ata-disk.ts,
; after ATA/ATAPI-4's PIO protocols): sector count at 1F2h, LBA bits 0-23
; at 1F3h-1F5h, 1F6h = E0h (LBA mode, drive 0, LBA bits 24-27 = 0), the
; command at 1F7h (30h WRITE SECTORS, 20h READ SECTORS); reading 1F7h
; gives the status (DRQ 08h: the device wants or has a sector's 256 data
; words; ERR 01h: the command failed, the reason in the error register
; 1F1h, IDNF 10h = no such sector). The data goes through the 16-bit
; port 1F0h, one word per OUT DX, AX or IN AX, DX (the 8086 has no REP
; OUTSW). The program polls the status (interrupts stay off; the device
; still raises IRQ5 per sector, which the PIC keeps to itself).
; Under a hypervisor every one of those accesses is an I/O exit handled
; by the VM's own disk model, which writes the VM's own image.
;
; It writes sectors 1 and 2 (LBA), word k of the 512 (k = 0..511) being
; A500h + k, reads both back into a buffer and counts the words that
; differ. Sectors 0 and 3 onwards are not touched.
; Results in registers and in the mailbox at 0000:0500:
;   AX / [0500h]  0000h done, FFFFh the device reported an error
;   BX            the error register after a failure (0 when done)
;   CX            the step that failed: 1 write, 2 read (0 when done)
;   DX / [0502h]  words read back that differ from those written
;   SI / [0504h]  words compared
;
; Expected outcome with a disk of at least 3 sectors (all hexadecimal):
;   expect: AX=0000h BX=0000h CX=0000h DX=0000h SI=0200h IF=0
;   expect-memory: 0000:0500=0000h 0000:0502=0000h 0000:0504=0200h
;   disk: sector 1 bytes 2j, 2j+1 = j, A5h; sector 2 = j, A6h (j < 256)
; Expected outcome with no disk (an empty image, as the default board):
;   expect-nodisk: AX=FFFFh BX=0010h CX=0001h DX=0000h SI=0000h IF=0
; Worked out by hand: the words go out and come back unchanged, so none
; differ (DX = 0) out of 2 x 256 = 512 = 0200h compared. Word k sits at
; byte 2k of the two sectors, little-endian: low byte k mod 256, high
; byte A5h + k div 256, so A5h in sector 1 and A6h in sector 2. With no
; sectors WRITE SECTORS to LBA 1 fails at once: ERR with IDNF (10h) in
; the error register, in step 1, before a word is compared.
; IF: a .COM starts with IF = 0 and the program never sets it.

bits 16
cpu 8086
org 0x100

ATA_DATA     equ 0x1f0
ATA_ERROR    equ 0x1f1
ATA_COUNT    equ 0x1f2
ATA_LBA0     equ 0x1f3
ATA_LBA1     equ 0x1f4
ATA_LBA2     equ 0x1f5
ATA_DEVICE   equ 0x1f6
ATA_COMMAND  equ 0x1f7          ; write: command; read: status
WRITE_SECTORS equ 0x30
READ_SECTORS equ 0x20
STATUS_DRQ   equ 0x08
STATUS_ERR   equ 0x01
FIRST_LBA    equ 1
SECTORS      equ 2
WORDS        equ SECTORS * 256
PATTERN      equ 0xa500
MAILBOX      equ 0x0500

start:
        cld
        ; ---- step 1: WRITE SECTORS ----
        mov al, WRITE_SECTORS
        call command
        xor bx, bx              ; BX = k, the word number
.sector_out:
        call wait_drq
        jc .write_failed
        mov cx, 256
        mov dx, ATA_DATA
.word_out:
        lea ax, [bx + PATTERN]
        out dx, ax
        inc bx
        loop .word_out
        cmp bx, WORDS
        jb .sector_out
        mov dx, ATA_COMMAND     ; the last sector written: no error?
        in al, dx
        test al, STATUS_ERR
        jz read_back
.write_failed:
        mov cx, 1
        jmp failed

        ; ---- step 2: READ SECTORS into the buffer ----
read_back:
        mov al, READ_SECTORS
        call command
        mov di, buffer
        mov bx, SECTORS
.sector_in:
        call wait_drq
        jc .read_failed
        mov cx, 256
        mov dx, ATA_DATA
.word_in:
        in ax, dx
        stosw
        loop .word_in
        dec bx
        jnz .sector_in
        jmp compare
.read_failed:
        mov cx, 2
        jmp failed

        ; ---- step 3: compare with the pattern ----
compare:
        mov si, buffer
        xor bx, bx              ; word number
        xor dx, dx              ; differences
.next:
        lodsw
        sub ax, PATTERN
        cmp ax, bx
        je .same
        inc dx
.same:
        inc bx
        cmp bx, WORDS
        jb .next
        mov si, bx              ; words compared
        xor ax, ax
        xor bx, bx
        xor cx, cx
        jmp report

failed:                         ; CX = step
        mov dx, ATA_ERROR
        in al, dx
        xor ah, ah
        mov bx, ax              ; the error register
        mov ax, 0xffff
        xor dx, dx
        xor si, si

report:
        push ds
        xor di, di
        mov ds, di
        mov [MAILBOX], ax
        mov [MAILBOX + 2], dx
        mov [MAILBOX + 4], si
        pop ds
        cli
        hlt

; ---- command: sector count, LBA, device, then the command in AL ----
command:
        push ax
        mov dx, ATA_COUNT
        mov al, SECTORS
        out dx, al
        inc dx                  ; 1F3h: LBA bits 0-7
        mov al, FIRST_LBA
        out dx, al
        inc dx                  ; 1F4h
        xor al, al
        out dx, al
        inc dx                  ; 1F5h
        out dx, al
        inc dx                  ; 1F6h: LBA mode, drive 0
        mov al, 0xe0
        out dx, al
        inc dx                  ; 1F7h: the command
        pop ax
        out dx, al
        ret

; ---- wait_drq: poll until DRQ (CF = 0) or ERR (CF = 1) ----
wait_drq:
        mov dx, ATA_COMMAND
.poll:
        in al, dx
        test al, STATUS_ERR
        jnz .error
        test al, STATUS_DRQ
        jz .poll
        clc
        ret
.error:
        stc
        ret

buffer:
