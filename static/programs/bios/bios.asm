; bios.asm: the Hyperstep guest BIOS, the first code every Hyperstep PC runs.
; Written from scratch for Hyperstep (not a copy of any real BIOS); the interfaces it offers are the
; IBM PC ones, as documented in the IBM PC / XT Technical Reference ("Technical Reference", BIOS listing)
; and Ralf Brown's Interrupt List ("RBIL").
;
; It lives in one 4 KiB ROM page: physical FF000h-FFFFFh, that is F000:F000 ... F000:FFFF.
; The 8086 starts at FFFF:0000 = physical FFFF0h after a reset (Intel 8086 Family User's Manual,
; "System reset"); the last 16 bytes of this file hold the far jump from there to `reset`.
;
; What the reset code does (the "POST" of a real PC, minus the hardware tests):
;   1. interrupt vector table (IVT, 0000:0000-0000:03FF): every vector to `default_iret`, then
;      the BIOS's own handlers from `vector_table`;
;   2. BIOS data area (BDA, 0040:0000-0040:00FF): zeroed, then the values of `bda_table`;
;   3. text screen (B800:0000): blanked, 80 x 25 grey-on-black spaces;
;   4. devices: the port writes of `port_table` (interrupt controller, timer, CRTC cursor);
;   5. boot: interrupts on, jump to 0000:7C00 with DL = 80h, where the host has loaded a boot image.
; The three tables are data, so the TypeScript "fast boot" (src/lib/emu/bios/fast-boot.ts) reads the
; very same tables out of this ROM and leaves memory exactly as steps 1-4 would, without running them.
;
; Services (each routine's header cites its interface):
;   INT 08h timer tick (IRQ0)              INT 09h keyboard (IRQ1)
;   INT 10h video: AH = 00h 01h 02h 03h 06h 07h 08h 09h 0Ah 0Eh 0Fh
;   INT 11h equipment list                 INT 12h memory size
;   INT 13h disk: AH = 00h 01h 02h 03h 08h INT 16h keyboard: AH = 00h 01h 02h (and 10h-12h)
;   INT 1Ah time: AH = 00h 01h             INT 1Ch user tick hook (an IRET until a program takes it)
;   INT 20h and INT 21h, a sliver of DOS: AH = 00h 01h 02h 09h 4Ch
;   INT 06h (#UD) and INT 0Eh (#PF) not handled by the program: a message, then the machine stops
;
; Build: `npm run -s build:bios` (our assembler) writes src/lib/emu/bios/bios-image.ts;
;        `nasm -f bin -i static/programs/bios/ static/programs/bios/bios.asm -o static/programs/bios/bios.bin`
;        gives the same 4096 bytes (bios.bin, committed as the cross-check golden).

bits 16
cpu 8086
org 0xF000                      ; offsets within segment F000h: the ROM page starts at F000:F000

; ---- Memory map and ports (virtualization.md section 2.5) -------------------------------------

BIOS_SEGMENT    equ 0xF000
BDA_SEGMENT     equ 0x0040      ; the BIOS data area, 0040:0000 = physical 00400h
VIDEO_SEGMENT   equ 0xB800      ; colour text page at physical B8000h
BOOT_ADDRESS    equ 0x7C00      ; boot image: 0000:7C00, the IBM boot-sector convention
BOOT_DRIVE      equ 0x80        ; DL at boot: the first fixed disk

PIC_COMMAND     equ 0x20        ; 8259A: ICW1, OCW2, OCW3
PIC_DATA        equ 0x21        ; 8259A: ICW2-ICW4, OCW1 (the interrupt mask)
PIC_EOI         equ 0x20        ; OCW2 "non-specific end of interrupt" (Intel 8259A datasheet)
PIT_CHANNEL0    equ 0x40        ; 8254 counter 0, drives IRQ0
PIT_CONTROL     equ 0x43        ; 8254 control word
KBD_DATA        equ 0x60        ; keyboard scan code (IBM set 1)
CRTC_INDEX      equ 0x3D4       ; 6845 CRTC register select
CRTC_DATA       equ 0x3D5       ; 6845 CRTC register data
CRTC_CURSOR_START equ 0x0A      ; CRTC register 10: the cursor's first scan line
CRTC_CURSOR_END equ 0x0B        ; CRTC register 11: the cursor's last scan line
CRTC_CURSOR_HI  equ 0x0E        ; CRTC register 14: cursor location, high byte
CRTC_CURSOR_LO  equ 0x0F        ; CRTC register 15: cursor location, low byte
DEBUG_PORT      equ 0xE9        ; Bochs/QEMU "port E9" debug console: every byte written is output
COM1_BASE       equ 0x3F8

; ---- The BIOS data area: offsets in segment 0040h (Technical Reference, "BIOS data area") ------

BDA_COM_PORTS   equ 0x00        ; word[4]: I/O base of COM1-COM4
BDA_EQUIPMENT   equ 0x10        ; word: equipment list (INT 11h)
BDA_MEMORY_KB   equ 0x13        ; word: conventional memory in KiB (INT 12h)
BDA_KB_FLAGS    equ 0x17        ; byte: shift state (INT 16h AH=02h)
BDA_KB_HEAD     equ 0x1A        ; word: offset (in 0040h) of the next key to read
BDA_KB_TAIL     equ 0x1C        ; word: offset of the next free slot
BDA_KB_BUFFER   equ 0x1E        ; 16 words: the type-ahead ring buffer, 1Eh-3Dh
BDA_KB_BUFFER_END equ 0x3E      ; one past its end
BDA_VIDEO_MODE  equ 0x49        ; byte: current video mode
BDA_COLUMNS     equ 0x4A        ; word: characters per row
BDA_PAGE_SIZE   equ 0x4C        ; word: bytes per video page
BDA_PAGE_START  equ 0x4E        ; word: offset of the active page in the video segment
BDA_CURSOR_POS  equ 0x50        ; word[8]: cursor of pages 0-7, column in the low byte, row in the high
BDA_CURSOR_SHAPE equ 0x60       ; word: cursor start line (high byte) and end line (low byte)
BDA_ACTIVE_PAGE equ 0x62        ; byte: the page on screen
BDA_CRTC_BASE   equ 0x63        ; word: CRTC index port, 3D4h for colour
BDA_TICKS_LOW   equ 0x6C        ; word: timer ticks since midnight, low half
BDA_TICKS_HIGH  equ 0x6E        ; word: ... high half
BDA_MIDNIGHT    equ 0x70        ; byte: set when the tick count passes 24 hours
BDA_DISK_STATUS equ 0x74        ; byte: status of the last fixed-disk operation (INT 13h AH=01h)
BDA_DISK_COUNT  equ 0x75        ; byte: number of fixed disks
BDA_KB_START    equ 0x80        ; word: keyboard buffer start (AT BIOS)
BDA_KB_END      equ 0x82        ; word: keyboard buffer end (AT BIOS)
BDA_ROWS        equ 0x84        ; byte: rows on screen minus one (EGA and later)

; ---- The text screen --------------------------------------------------------------------------

COLUMNS         equ 80
ROWS            equ 25
BLANK_CELL      equ 0x0720      ; a space (20h), attribute 07h: light grey on black

; ---- FLAGS bits, for results returned in the caller's FLAGS image on the stack ------------------
; A service that answers in CF or ZF writes that bit into the FLAGS word the INT pushed, so the
; caller's other flags (IF above all) come back unchanged by the IRET.

FLAG_CF         equ 0x0001
FLAG_ZF         equ 0x0040

; ================================================================================================
; The ROM starts here, at F000:F000.

rom_start:
        db 'Hyperstep BIOS', 0

; ---- reset: power-on initialisation, then boot ------------------------------------------------
; Entered from the reset vector at F000:FFF0 with interrupts off (the 8086 clears IF at reset).

reset:
        cli                     ; stay deaf to interrupts until the IVT and the PIC are ready
        cld                     ; string instructions count upwards
        xor ax, ax
        mov ss, ax
        mov sp, BOOT_ADDRESS    ; the stack grows down from 0000:7C00, below the boot image
        mov ax, cs
        mov ds, ax              ; DS = F000h: the tables below are read with LODS from the ROM

        ; 1. The interrupt vector table: 256 far pointers (offset, then segment) at 0000:0000.
        xor ax, ax
        mov es, ax
        xor di, di
        mov cx, 256
.default_vector:
        mov ax, default_iret
        stosw                   ; offset
        mov ax, cs
        stosw                   ; segment F000h
        loop .default_vector

        mov si, vector_table
        mov cx, VECTOR_COUNT
.own_vector:
        lodsb                   ; AL = the vector number
        xor ah, ah
        shl ax, 1
        shl ax, 1
        mov di, ax              ; DI = vector * 4, its slot in the table
        movsw                   ; copy the handler's offset from the ROM table into the IVT
        mov ax, cs
        stosw                   ; and its segment, F000h
        loop .own_vector

        ; 2. The BIOS data area: all zero (tick count, cursor, flags...), then the entries of bda_table.
        mov ax, BDA_SEGMENT
        mov es, ax
        xor di, di
        xor ax, ax
        mov cx, 128
        rep stosw
        mov si, bda_table
        mov cx, BDA_COUNT
        xor bh, bh
.bda_byte:
        lodsw                   ; AL = offset in the BDA, AH = the byte to put there
        mov bl, al
        mov [es:bx], ah
        loop .bda_byte

        ; 3. The text screen: every cell a blank.
        mov ax, VIDEO_SEGMENT
        mov es, ax
        xor di, di
        mov ax, BLANK_CELL
        mov cx, COLUMNS * ROWS
        rep stosw

        ; 4. The devices: each entry of port_table is one OUT.
        mov si, port_table
        mov cx, PORT_COUNT
.port_write:
        lodsw
        mov dx, ax              ; the port
        lodsb                   ; the value
        out dx, al
        loop .port_write

        ; 5. Boot: the registers of the IBM bootstrap (INT 19h) convention, interrupts on.
        xor ax, ax
        mov ds, ax
        mov es, ax
        xor bx, bx
        xor cx, cx
        xor si, si
        xor di, di
        xor bp, bp
        mov dx, BOOT_DRIVE      ; DL = the drive the boot image came from
        sti                     ; interrupts on: from now on each IRQ0 reaches INT 08h
        jmp 0x0000:BOOT_ADDRESS

; ---- default_iret: every vector nobody else claims ---------------------------------------------

default_iret:
        iret

; ---- irq_eoi: IRQ2-IRQ5 and IRQ7, which the BIOS leaves masked ----------------------------------
; Should a program unmask one without installing a handler, this acknowledges it at the PIC, so the
; line does not block every lower-priority IRQ (the IBM BIOS's "unexpected interrupt" handler does
; the same, Technical Reference D11).

irq_eoi:
        push ax
        mov al, PIC_EOI
        out PIC_COMMAND, al
        pop ax
        iret

; ---- INT 11h: equipment list (Technical Reference EQUIPMENT_1; RBIL INT 11) ---------------------
; Out: AX = the equipment word of the BDA.

int11_equipment:
        push ds
        mov ax, BDA_SEGMENT
        mov ds, ax
        mov ax, [BDA_EQUIPMENT]
        pop ds
        iret

; ---- INT 12h: memory size (Technical Reference MEMORY_SIZE_DET_1; RBIL INT 12) ------------------
; Out: AX = kilobytes of conventional memory (640).

int12_memory_size:
        push ds
        mov ax, BDA_SEGMENT
        mov ds, ax
        mov ax, [BDA_MEMORY_KB]
        pop ds
        iret

%include "timer.asm"
%include "video.asm"
%include "video-cells.asm"
%include "keyboard.asm"
%include "disk.asm"
%include "dos.asm"
%include "exceptions.asm"

; ================================================================================================
; The tables the reset code (and the TypeScript fast boot) apply.

; vector_table: the BIOS's own interrupt handlers, 3 bytes each: the vector, the handler's offset.
%macro vector 2
        db %1
        dw %2
%endmacro

vector_table:
        vector 0x06, exception_invalid_opcode   ; #UD, when the program does not handle it
        vector 0x08, int08_timer        ; IRQ0: timer tick
        vector 0x09, int09_keyboard     ; IRQ1: key pressed or released
        vector 0x0A, irq_eoi            ; IRQ2
        vector 0x0B, irq_eoi            ; IRQ3: NIC
        vector 0x0C, irq_eoi            ; IRQ4: COM1
        vector 0x0D, irq_eoi            ; IRQ5: disk (INT 13h polls; the line stays masked)
        vector 0x0E, exception_page_fault       ; #PF (IBM's IRQ6 vector: this machine keeps #PF there)
        vector 0x0F, irq_eoi            ; IRQ7
        vector 0x10, int10_video
        vector 0x11, int11_equipment
        vector 0x12, int12_memory_size
        vector 0x13, int13_disk
        vector 0x16, int16_keyboard
        vector 0x1A, int1a_time
        vector 0x20, int20_terminate
        vector 0x21, int21_dos
vector_table_end:
VECTOR_COUNT equ (vector_table_end - vector_table) / 3

; bda_table: the non-zero bytes of the BIOS data area after reset, 2 bytes each: offset, value.
%macro bda_byte 2
        db %1, %2
%endmacro
%macro bda_word 2
        db %1, (%2) & 0xFF
        db (%1) + 1, (%2) >> 8
%endmacro

bda_table:
        bda_word BDA_COM_PORTS, COM1_BASE       ; one serial port, COM1 at 3F8h
        bda_word BDA_EQUIPMENT, 0x0220          ; bits 4-5 = 10b: 80x25 colour; bits 9-11 = 1 serial port
        bda_word BDA_MEMORY_KB, 640
        bda_word BDA_KB_HEAD, BDA_KB_BUFFER     ; the key buffer is empty: head = tail
        bda_word BDA_KB_TAIL, BDA_KB_BUFFER
        bda_byte BDA_VIDEO_MODE, 0x03           ; mode 3: 80x25 16-colour text
        bda_word BDA_COLUMNS, COLUMNS
        bda_word BDA_PAGE_SIZE, 0x1000          ; 4 KiB per 80x25 page, as the IBM BIOS rounds it
        bda_word BDA_CURSOR_SHAPE, 0x0607       ; underline cursor: lines 6-7
        bda_word BDA_CRTC_BASE, CRTC_INDEX
        bda_byte BDA_DISK_COUNT, 1
        bda_word BDA_KB_START, BDA_KB_BUFFER
        bda_word BDA_KB_END, BDA_KB_BUFFER_END
        bda_byte BDA_ROWS, ROWS - 1
bda_table_end:
BDA_COUNT equ (bda_table_end - bda_table) / 2

; port_table: the device set-up, 3 bytes each: the port (a word), the byte written to it.
%macro port_write 2
        dw %1
        db %2
%endmacro

port_table:
        ; The 8259A, programmed as the IBM PC does (Intel 8259A datasheet, "Initialization command words").
        ; ICW1 13h as the IBM PC's BIOS writes it: 11h would announce a cascade of 8259As, and the chip
        ; would then take the next byte for an ICW3 (the datasheet's initialisation flow chart).
        port_write PIC_COMMAND, 0x13    ; ICW1: edge triggered, single 8259 (no ICW3), ICW4 follows
        port_write PIC_DATA, 0x08       ; ICW2: IRQ0-7 raise vectors 08h-0Fh
        port_write PIC_DATA, 0x01       ; ICW4: 8086 mode, normal (not automatic) EOI
        port_write PIC_DATA, 0xFC       ; OCW1: mask all but IRQ0 (timer) and IRQ1 (keyboard)
        ; The 8254 counter 0 as on the IBM PC: mode 3 (square wave), count 0 = 65536 input clocks per IRQ0.
        port_write PIT_CONTROL, 0x36    ; counter 0, low byte then high byte, mode 3, binary
        port_write PIT_CHANNEL0, 0x00   ; count, low byte
        port_write PIT_CHANNEL0, 0x00   ; count, high byte
        ; The hardware cursor at the top left (row 0, column 0: location 0).
        port_write CRTC_INDEX, CRTC_CURSOR_HI
        port_write CRTC_DATA, 0x00
        port_write CRTC_INDEX, CRTC_CURSOR_LO
        port_write CRTC_DATA, 0x00
port_table_end:
PORT_COUNT equ (port_table_end - port_table) / 3

rom_code_end:                   ; everything above is code and tables; the rest is padding

; ================================================================================================
; The last 16 bytes of the ROM: F000:FFF0 = physical FFFF0h, where the 8086 starts (as FFFF:0000).

        times 0x0FF0 - ($ - $$) db 0xFF      ; erased ROM up to offset FF0h of the page
power_on:
        jmp BIOS_SEGMENT:reset          ; F000:FFF0: the reset vector
        db '11/26/26'                   ; F000:FFF5: the release date, where IBM BIOSes keep theirs
        db 0xFF                         ; F000:FFFD: padding
        db 0xFF                         ; F000:FFFE: the model byte (FFh = IBM PC)
        db 0xFF                         ; F000:FFFF: the last byte of the ROM
