; vm-ping.asm: one VM pings another over the hypervisor's virtual switch.
;
; Two VMs run this same file. Each reads its network card's MAC address
; (ports C18h-C1Dh; VM k has 02:00:00:00:00:0(k+1)) and takes its role
; from the last byte: 01 is the initiator, anything else the responder.
; The initiator sends an echo request frame to 02:00:00:00:00:02, type
; 88B5h (IEEE 802 "local experimental"), payload "PING" and a sequence
; number, then waits for the answer with a timeout: the 8254 counter 0
; in mode 0 (interrupt on terminal count) raises IRQ0 once, TIMEOUT
; clocks later. The responder waits for a request, answers to the
; request's source address with type 88B5h, "PONG" and the same sequence
; number, and stops. Both sleep in HLT between interrupts: IRQ3 from the
; card (a frame arrived) or IRQ0 (the timeout); the 8259A is programmed
; with vector base 08h, IRQ0 and IRQ3 unmasked. A frame of another type
; or payload is dropped and the wait goes on.
; NIC ports (devices/nic.ts): C10h data (one byte per access), C11h
; command (01h send, 02h next received frame) and status (bit 0 a frame
; is waiting), C12h/C13h received length, C16h interrupt enable, C17h
; interrupt status (reading it clears it and lowers IRQ3). The status
; also shows LINK (bit 1: cabled to a switch), which differs bare (no
; switch) and virtualized; the program keeps only bit 0, so that nothing
; of it reaches its registers or memory (the equivalence matrix compares
; them).
;
; Each VM leaves its result in the mailbox at 0000:0500 and in registers:
;   AX / [0500h]  0001h pong received, 0002h ping answered, FFFFh timeout
;   BX / [0502h]  the sequence number carried by the frame (0 on timeout)
;   CX / [0504h]  the last MAC byte of the peer that sent it (0 on timeout)
;   DX            the last byte of the VM's own MAC (its role)
;
; Expected outcome alone (bare machine, or one VM: nobody answers, the
; frame is dropped by the unplugged card or flooded to no other port):
;   expect: AX=FFFFh BX=0000h CX=0000h DX=0001h IF=0
;   expect-memory: 0000:0500=FFFFh 0000:0502=0000h 0000:0504=0000h
; Expected outcome as two VMs on the switch, VM 0 and VM 1:
;   expect-vm0: AX=0001h BX=1234h CX=0002h DX=0001h IF=0
;   expect-vm1: AX=0002h BX=1234h CX=0001h DX=0002h IF=0
; Expected outcome when VM 0 may not send to VM 1 (allow rules): the
; switch drops the request ("destination-not-allowed"), VM 0 times out
; and VM 1 waits in HLT for ever (blocked, never stopped):
;   expect-vm0-denied: AX=FFFFh BX=0000h CX=0000h DX=0001h IF=0
; Worked out by hand: the initiator (MAC ...:01) sends SEQUENCE = 1234h;
; the responder (...:02) answers with it, so each sees 1234h and the
; other's last MAC byte; alone, or denied, only IRQ0 comes, after TIMEOUT
; (20000) clocks, and the initiator records FFFFh and zeros. The timeout
; is far longer than the responder needs (a few hundred instructions)
; even when it only runs after the initiator's first 2000-instruction
; quantum. IF: both stop with CLI; HLT.

bits 16
cpu 8086
org 0x100

NIC_DATA     equ 0xc10
NIC_COMMAND  equ 0xc11          ; write: command; read: status
NIC_RX_LEN   equ 0xc12
NIC_IRQ_EN   equ 0xc16
NIC_ISR      equ 0xc17
NIC_MAC      equ 0xc18
SEND         equ 0x01
RX_NEXT      equ 0x02
RX_READY     equ 0x01
TYPE_HI      equ 0x88           ; ethertype 88B5h, sent big-endian
TYPE_LO      equ 0xb5
SEQUENCE     equ 0x1234
TIMEOUT      equ 20000
MAILBOX      equ 0x0500
RX_MAX       equ 32             ; bytes of a received frame kept

start:
        ; Our MAC address, from the card.
        mov dx, NIC_MAC
        mov di, my_mac
        mov cx, 6
        cld
.mac:   in al, dx
        stosb
        inc dx
        loop .mac

        ; Vectors 08h (IRQ0) and 0Bh (IRQ3).
        xor ax, ax
        mov es, ax
        mov word [es:0x08 * 4], timer_irq
        mov [es:0x08 * 4 + 2], cs
        mov word [es:0x0b * 4], nic_irq
        mov [es:0x0b * 4 + 2], cs
        push cs
        pop es

        ; 8259A: ICW1 (edge, single, ICW4), ICW2 = 08h, ICW4 (8086), then
        ; OCW1 = F6h: only IRQ0 and IRQ3 unmasked.
        mov al, 0x11
        out 0x20, al
        mov al, 0x08
        out 0x21, al
        mov al, 0x01
        out 0x21, al
        mov al, 0xf6
        out 0x21, al
        ; The card interrupts when a frame arrives.
        mov dx, NIC_IRQ_EN
        mov al, 1
        out dx, al

        cmp byte [my_mac + 5], 1
        je initiator
        jmp responder

; ---- initiator: send the request, wait for the reply or the timeout ----
initiator:
        ; 8254 counter 0: LSB then MSB, mode 0 (one IRQ0 at terminal count).
        mov al, 0x30
        out 0x43, al
        mov al, TIMEOUT & 0xff
        out 0x40, al
        mov al, TIMEOUT >> 8
        out 0x40, al
        mov si, my_mac          ; the peer: our address with last byte 02
        mov di, peer_mac
        mov cx, 6
        rep movsb
        mov byte [peer_mac + 5], 2
        mov dx, NIC_DATA
        mov si, peer_mac
        mov cx, 6
        call out_bytes          ; destination
        mov si, my_mac
        mov cx, 6
        call out_bytes          ; source
        mov si, ping
        mov cx, 8
        call out_bytes          ; type, "PING", sequence
        mov dx, NIC_COMMAND
        mov al, SEND
        out dx, al
.wait:
        cli
        cmp byte [timed_out], 0
        jne .timeout
        mov dx, NIC_COMMAND
        in al, dx
        and al, RX_READY        ; keep only RX_READY (LINK differs bare and virtual)
        jnz .frame
        sti                     ; STI's one-instruction delay: no wake-up lost
        hlt
        jmp .wait
.frame:
        call read_frame
        cmp word [rx_buf + 12], TYPE_HI | (TYPE_LO << 8)
        jne .wait
        cmp word [rx_buf + 14], 'PO'
        jne .wait
        cmp word [rx_buf + 16], 'NG'
        jne .wait
        cmp word [rx_buf + 18], SEQUENCE
        jne .wait
        mov ax, 1
        jmp record
.timeout:
        mov ax, 0xffff
        mov word [rx_buf + 18], 0
        mov byte [rx_buf + 11], 0
        jmp record

; ---- responder: wait for a request, answer it ----
responder:
        cli
        mov dx, NIC_COMMAND
        in al, dx
        and al, RX_READY        ; keep only RX_READY (LINK differs bare and virtual)
        jnz .frame
        sti
        hlt
        jmp responder
.frame:
        call read_frame
        cmp word [rx_buf + 12], TYPE_HI | (TYPE_LO << 8)
        jne responder
        cmp word [rx_buf + 14], 'PI'
        jne responder
        cmp word [rx_buf + 16], 'NG'
        jne responder
        mov dx, NIC_DATA
        mov si, rx_buf + 6
        mov cx, 6
        call out_bytes          ; destination: who asked
        mov si, my_mac
        mov cx, 6
        call out_bytes          ; source
        mov si, pong
        mov cx, 6
        call out_bytes          ; type, "PONG"
        mov si, rx_buf + 18
        mov cx, 2
        call out_bytes          ; the request's sequence number
        mov dx, NIC_COMMAND
        mov al, SEND
        out dx, al
        mov ax, 2

; ---- record: AX = status; sequence and peer from the frame in rx_buf ----
record:
        mov bx, [rx_buf + 18]
        xor cx, cx
        mov cl, [rx_buf + 11]
        xor dx, dx
        mov dl, [my_mac + 5]
        push ds
        xor si, si
        mov ds, si
        mov [MAILBOX], ax
        mov [MAILBOX + 2], bx
        mov [MAILBOX + 4], cx
        pop ds
        cli
        hlt

; ---- out_bytes: CX bytes from DS:SI to port DX ----
out_bytes:
        lodsb
        out dx, al
        loop out_bytes
        ret

; ---- read_frame: the first RX_MAX bytes of the waiting frame into rx_buf; next frame ----
read_frame:
        mov dx, NIC_RX_LEN
        in al, dx
        mov cl, al
        inc dx
        in al, dx
        mov ch, al              ; CX = frame length
        cmp cx, RX_MAX
        jbe .copy
        mov cx, RX_MAX
.copy:
        mov di, rx_buf
        mov dx, NIC_DATA
        jcxz .done
.next:  in al, dx
        stosb
        loop .next
.done:  mov dx, NIC_COMMAND
        mov al, RX_NEXT
        out dx, al
        ret

; ---- IRQ0: the timeout ----
timer_irq:
        push ax
        mov byte [cs:timed_out], 1
        mov al, 0x20
        out 0x20, al            ; EOI
        pop ax
        iret

; ---- IRQ3: a frame arrived (the main loop takes it) ----
nic_irq:
        push ax
        push dx
        mov dx, NIC_ISR
        in al, dx               ; acknowledge the card: IRQ3 falls
        mov al, 0x20
        out 0x20, al            ; EOI
        pop dx
        pop ax
        iret

ping:      db TYPE_HI, TYPE_LO, "PING"
           dw SEQUENCE
pong:      db TYPE_HI, TYPE_LO, "PONG"
timed_out: db 0
my_mac:    times 6 db 0
peer_mac:  times 6 db 0
rx_buf:    times RX_MAX db 0
