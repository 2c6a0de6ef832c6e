; disk.asm (included by bios.asm): INT 13h, the disk services, on the ATA-lite disk at ports 1F0h-1F7h.
;
; The disk is drive 80h, the first fixed disk. INT 13h addresses sectors by cylinder, head and sector
; (CHS); this BIOS gives the disk a fixed geometry of 16 heads and 63 sectors per track (the geometry
; of the usual "LBA assist" translation) and 1024 cylinders, so
;     LBA = (cylinder * 16 + head) * 63 + (sector - 1)        (sectors count from 1)
; and the drive is asked for that logical block through its LBA registers.
;
; The ATA-lite protocol, programmed I/O as on an ATA drive (ATA-1, "READ SECTORS" / "WRITE SECTORS"):
;   1F2h sector count; 1F3h, 1F4h, 1F5h LBA bits 0-7, 8-15, 16-23; 1F6h 0E0h + LBA bits 24-27;
;   1F7h write: the command (20h read, 30h write); read: the status (BSY 80h, DRDY 40h, DRQ 08h, ERR 01h);
;   1F0h the 16-bit data port: 256 words per sector once DRQ is set; 1F1h the error register.
; IRQ5 stays masked at the PIC: this BIOS polls the status register instead.

ATA_DATA        equ 0x1F0
ATA_ERROR       equ 0x1F1
ATA_COUNT       equ 0x1F2
ATA_LBA_LOW     equ 0x1F3
ATA_LBA_MID     equ 0x1F4
ATA_LBA_HIGH    equ 0x1F5
ATA_DRIVE       equ 0x1F6
ATA_COMMAND     equ 0x1F7           ; written: the command
ATA_STATUS      equ 0x1F7           ; read: the status
ATA_READ_SECTORS  equ 0x20
ATA_WRITE_SECTORS equ 0x30
ATA_LBA_MODE    equ 0xE0            ; 1F6h bits 7-5: "LBA addressing, drive 0"
ATA_BSY         equ 0x80
ATA_DRQ         equ 0x08
ATA_ERR         equ 0x01
ATA_IDNF        equ 0x10            ; error register: the sector does not exist

DISK_HEADS      equ 16
DISK_SECTORS    equ 63
DISK_CYLINDERS  equ 1024
WORDS_PER_SECTOR equ 256
POLL_LIMIT      equ 0xFFFF          ; status reads before giving up with "timeout"

; INT 13h status codes (RBIL INT 13/AH=01h, table 00234).
DISK_OK             equ 0x00
DISK_BAD_COMMAND    equ 0x01        ; invalid function or parameter
DISK_NOT_FOUND      equ 0x04        ; sector not found / read error
DISK_CONTROLLER     equ 0x20        ; controller failure
DISK_TIMEOUT        equ 0x80        ; timeout (not ready)

; ---- INT 13h: dispatcher (Technical Reference DISK_IO; RBIL INT 13) -------------------------------
; AH=00h reset the disk system.         AH=01h status of the last operation, in AH.
; AH=02h read sectors into ES:BX.       AH=03h write sectors from ES:BX.
; AH=08h drive parameters.
; Only drive DL = 80h exists; any other drive, or another AH, answers AH = 01h.
; Every call returns CF = 0 and AH = 00h on success, CF = 1 and AH = the status on failure, and
; leaves that status at 0040:0074 for AH=01h.

int13_disk:
        push bp
        mov bp, sp                      ; [BP+6] = the caller's FLAGS
        push ds
        push si
        mov si, BDA_SEGMENT
        mov ds, si
        cld
        cmp ah, 0x01
        je .last_status                 ; AH=01h answers for any drive
        cmp dl, BOOT_DRIVE
        jne .bad_command
        cmp ah, 0x00
        je .reset
        cmp ah, 0x02
        je .transfer
        cmp ah, 0x03
        je .transfer
        cmp ah, 0x08
        je .parameters
.bad_command:
        mov ah, DISK_BAD_COMMAND
        jmp .finish
.reset:
        mov ah, DISK_OK
        jmp .finish
.last_status:
        mov ah, [BDA_DISK_STATUS]
        jmp .status_in_ah               ; reading the status does not change it
.transfer:
        call disk_transfer              ; AH = status, AL = sectors moved
        jmp .finish
.parameters:
        ; RBIL INT 13/AH=08h: CH = last cylinder (low 8 bits), CL = last sector (bits 0-5) and the
        ; last cylinder's bits 8-9 (bits 6-7), DH = last head, DL = number of fixed disks.
        mov cx, ((DISK_CYLINDERS - 1) & 0xFF) << 8 | ((DISK_CYLINDERS - 1) >> 8) << 6 | DISK_SECTORS
        mov dh, DISK_HEADS - 1
        mov dl, 1
        mov ah, DISK_OK
.finish:
        mov [BDA_DISK_STATUS], ah
.status_in_ah:
        and word [bp + 6], ~FLAG_CF     ; CF = 0 in the FLAGS the IRET restores ...
        cmp ah, DISK_OK
        je .done
        or word [bp + 6], FLAG_CF       ; ... or CF = 1: failed
.done:
        pop si
        pop ds
        pop bp
        iret

; ---- disk_transfer: AH=02h read / AH=03h write -------------------------------------------------------
; In: AH = 02h or 03h, AL = number of sectors (1-255), CH = cylinder bits 0-7, CL = sector (bits 0-5)
; and cylinder bits 8-9 (bits 6-7), DH = head, ES:BX = the buffer (AL * 512 bytes, within its segment).
; Out: AH = status, AL = sectors transferred. Keeps every other register.

disk_transfer:
        push bx
        push cx
        push dx
        push si
        push di
        mov si, ax                      ; SI = the request: AH = function, AL = sector count
        mov di, bx                      ; ES:DI = the buffer
        xor bx, bx                      ; BL = sectors transferred so far
        mov ah, DISK_BAD_COMMAND
        cmp al, 0
        je .finished                    ; zero sectors: an invalid request
        mov al, cl
        and al, 0x3F                    ; AL = the sector number
        jz .finished                    ; sector 0 does not exist: sectors count from 1
        cmp dh, DISK_HEADS
        jae .finished
        ; LBA = (cylinder * 16 + head) * 63 + sector - 1: at most 1023 * 16 * 63 + 15 * 63 + 62, 20 bits.
        dec al
        mov bl, al                      ; BL = sector - 1, for after the multiplication
        mov al, cl
        mov cl, 6
        shr al, cl                      ; AL = cylinder bits 8-9
        mov ah, al
        mov al, ch                      ; AX = the cylinder
        mov cl, 4
        shl ax, cl                      ; * 16
        add al, dh
        adc ah, 0                       ; + head
        mov cx, DISK_SECTORS
        mul cx                          ; DX:AX = (cylinder * 16 + head) * 63
        add ax, bx
        adc dx, 0                       ; DX:AX = the LBA
        ; The task file: sector count, LBA bits 0-7, 8-15, 16-23, drive and LBA bits 24-27, command.
        mov cx, ax                      ; CX = LBA bits 0-15, DL = LBA bits 16-23
        mov bh, dl
        mov dx, ATA_COUNT
        mov ax, si
        out dx, al                      ; 1F2h: the count
        inc dx
        mov al, cl
        out dx, al                      ; 1F3h
        inc dx
        mov al, ch
        out dx, al                      ; 1F4h
        inc dx
        mov al, bh
        out dx, al                      ; 1F5h
        inc dx
        mov al, ATA_LBA_MODE            ; LBA bits 24-27 are 0: the geometry ends below 2^20
        out dx, al                      ; 1F6h
        inc dx
        mov al, ATA_READ_SECTORS
        mov cx, si
        cmp ch, 0x03
        jne .command
        mov al, ATA_WRITE_SECTORS
.command:
        out dx, al                      ; 1F7h: go
        ; Each sector: wait until the drive asks for data (DRQ), then 256 words through 1F0h.
        xor bx, bx                      ; BL = sectors transferred
.next_sector:
        call ata_wait
        cmp ah, DISK_OK
        jne .finished
        test al, ATA_DRQ
        mov ah, DISK_CONTROLLER
        jz .finished                    ; not busy, no error, and no data: the drive gave up
        mov dx, ATA_DATA
        mov cx, WORDS_PER_SECTOR
        mov ax, si
        cmp ah, 0x03
        je .write_word
.read_word:
        in ax, dx
        stosw                           ; ES:DI = the buffer ...
        loop .read_word
        jmp .sector_done
.write_word:
        mov ax, [es:di]
        out dx, ax
        inc di
        inc di
        loop .write_word
.sector_done:
        inc bl
        mov ax, si
        cmp bl, al
        jb .next_sector
        call ata_wait                   ; the last sector done (a write reports its errors now)
.finished:
        mov al, bl                      ; AL = sectors transferred, AH = the status
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        ret

; ---- ata_wait: wait until the drive is not busy --------------------------------------------------------
; Out: AL = the status register and AH = 00h; or AH = the INT 13h status of a failure: 04h if ERR is set
; and the error register says "ID not found", 20h for another error, 80h if still busy after POLL_LIMIT
; reads.

ata_wait:
        push cx
        push dx
        mov dx, ATA_STATUS
        mov cx, POLL_LIMIT
.poll:
        in al, dx
        test al, ATA_BSY
        jz .not_busy
        loop .poll
        mov ah, DISK_TIMEOUT
        jmp .done
.not_busy:
        mov ah, DISK_OK
        test al, ATA_ERR
        jz .done
        mov dx, ATA_ERROR
        in al, dx
        mov ah, DISK_NOT_FOUND
        test al, ATA_IDNF
        jnz .done
        mov ah, DISK_CONTROLLER
.done:
        pop dx
        pop cx
        ret
