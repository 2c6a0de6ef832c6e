; disk-writer.asm: write a sector to the disk and read it back, through the BIOS (INT 13h).
; A .COM program for the Hyperstep BIOS (fast boot, or under the hypervisor): it writes one 512-byte
; sector (a message, then zeros) to cylinder 0, head 0, sector 2 of the fixed disk 80h, reads that
; sector back into another buffer, compares the two, prints the verdict with DOS (INT 21h AH=09h) and
; exits (INT 21h AH=4Ch). Needs a disk of at least 2 sectors on the ATA-lite controller.
;
; Expected outcome when the CPU stops at HLT (all values hexadecimal):
;   expect: AX=4C00h BX=2000h CX=0000h DX=013Fh SI=0357h DI=2200h SP=FFF8h
;   expect: IF=0
;   expect-console: disk OK\r\n
;   expect-memory: 1000:2000=7948h 1000:21FE=0000h 1000:FFF8=013Fh
;   expect-disk: sector 1 = Hyperstep was here
; Worked out by hand from the interfaces (RBIL INT 13h AH=02h/03h, INT 21h AH=09h/4Ch) and the
; instruction lengths of the Intel 8086 encoding tables (checked with `nasm -l`):
;   CHS (0, 0, 2) is LBA (0 * 16 + 0) * 63 + 2 - 1 = 1: the second sector of the disk image;
;   MOV reg16,imm16 is 3 bytes, MOV AH,imm8, INT n, Jcc, JMP short and REPE CMPSB 2, CLD 1; so the write
;   is 0100h-010Fh (4 MOVs, INT, JC), the read 0110h-011Fh, the compare 0120h-012Dh (CLD, 3 MOVs, REPE
;   CMPSB, JNE), MOV DX,ok_text 012Eh, JMP 0131h, failed: 0133h, report: 0136h (MOV AH, INT 21h),
;   MOV AX,4C00h 013Ah, and the exit's INT 21h at 013Dh-013Eh;
;   so ok_text is at 013Fh: DX = 013Fh, and the exit's INT pushed the return address 013Fh too;
;   ok_text is 10 bytes ('disk OK', CR, LF, '$'), failed_text 14, so sector_out is at 0157h;
;   REPE CMPSB over 512 equal bytes ends with CX = 0, SI = 0157h + 200h = 0357h, DI = 2000h + 200h;
;   INT 13h keeps BX = 2000h, the last buffer; the read-back buffer starts "Hy" = 48h 79h, ends with zeros;
;   AX = 4C00h: exit with code 0; the INT pushed FLAGS, CS, IP: SP = FFFEh - 6 = FFF8h; IF = 0 at the HLT.

bits 16
cpu 8086
org 0x100

SECTOR_IN       equ 0x2000              ; the read-back buffer, 1000:2000, outside the program

        mov ax, 0x0301                  ; AH = 03h write, AL = 1 sector
        mov cx, 0x0002                  ; CH = cylinder 0, CL = sector 2
        mov dx, 0x0080                  ; DH = head 0, DL = 80h the fixed disk
        mov bx, sector_out              ; ES:BX = the data (ES = DS = CS for a .COM)
        int 0x13
        jc failed                       ; CF = 1: AH has the error status
        mov ax, 0x0201                  ; AH = 02h read, AL = 1 sector
        mov cx, 0x0002
        mov dx, 0x0080
        mov bx, SECTOR_IN
        int 0x13
        jc failed
        cld
        mov si, sector_out
        mov di, SECTOR_IN
        mov cx, 512
        repe cmpsb                      ; compare while equal, at most 512 bytes
        jne failed
        mov dx, ok_text
        jmp report
failed:
        mov dx, failed_text
report:
        mov ah, 0x09
        int 0x21                        ; print the verdict
        mov ax, 0x4C00
        int 0x21                        ; exit: does not come back

ok_text:        db 'disk OK', 13, 10, '$'
failed_text:    db 'disk FAILED', 13, 10, '$'
sector_out:     db 'Hyperstep was here'
                times 512 - ($ - sector_out) db 0
