; pv-hypercall.asm: a paravirtual guest that finds out whether it runs
; under the Hyperstep hypervisor, and then talks to it.
;
; VMCALL (0F 01 C1) is the guest's call into the hypervisor (the
; hypercall ABI of virtualization.md section 2.10: AX = call number).
; On a machine with no hypervisor the instruction does not exist: it
; raises #UD, interrupt 6, with the address of the VMCALL itself pushed
; (as on the 186 and later). So the program first hooks INT 6 with a
; handler that checks the bytes are 0F 01 C1, notes that it ran, and
; steps the return address over those 3 bytes. Then it calls HC_PROBE
; (AX = 0): a hypervisor answers AX = 564Dh ('VM') and BX = its
; interface version (1), and the program prints its greeting with
; HC_CONSOLE_WRITE (AX = 1, CX bytes at DS:SI); on bare hardware the
; #UD handler runs instead, AX stays 0, and the program prints through
; the debug console port E9h one byte at a time.
; Its outcome differs bare and virtualized on purpose, so it is left out
; of the equivalence matrix:
; equivalence: differs (paravirtual)
;
; Expected outcome on the bare machine, at HLT (hexadecimal):
;   expect: AX=0000h BX=0000h CX=0000h DX=0001h SI=0018h IF=0
;   console-bare: "no hypervisor: port E9h\n"
; Expected outcome under the hypervisor (any profile: on HW-assist
; VMCALL exits as itself, on the older profiles it arrives as #UD and
; the hypervisor recognises the bytes):
;   expect-vm: AX=564Dh BX=0001h CX=0000h DX=0000h SI=001Ah IF=0
;   console-vm: "hello through a hypercall\n"
; Worked out by hand:
;   AX, BX: the probe's answer: 564Dh and version 1 from the
;       hypervisor; bare, the #UD handler changes neither, so both keep
;       the 0 they were given before the call
;   DX: 1 if the #UD handler ran (bare), 0 if it did not
;   SI: the length of the message printed, counted by hand:
;       "no hypervisor: port E9h\n" = 2 + 1 + 10 + 1 + 1 + 4 + 1 + 3 + 1
;       = 24 = 0018h; "hello through a hypercall\n" = 5 + 1 + 7 + 1 +
;       1 + 1 + 9 + 1 = 26 = 001Ah
;   CX: 0: the bare loop counts it down to 0; after HC_CONSOLE_WRITE
;       (which returns AX = 0, done) the program clears it
;   IF: never set (a .COM starts with IF = 0); CLI; HLT at the end

bits 16
cpu 8086
org 0x100

HC_PROBE         equ 0x00
HC_CONSOLE_WRITE equ 0x01
SIGNATURE        equ 0x564d
DEBUG_PORT       equ 0xe9

start:
        ; INT 6 (#UD) -> ud_handler, in the vector table at 0000:0000.
        xor ax, ax
        mov es, ax
        mov word [es:0x06 * 4], ud_handler
        mov [es:0x06 * 4 + 2], cs
        push cs
        pop es

        xor ax, ax              ; HC_PROBE
        xor bx, bx
        vmcall                  ; 0F 01 C1: a hypervisor answers; bare: #UD
        mov [probe_ax], ax
        mov [probe_bx], bx
        cmp ax, SIGNATURE
        jne bare

        ; Virtualized: one hypercall prints the whole message.
        mov ax, HC_CONSOLE_WRITE
        mov si, vm_message
        mov cx, VM_LENGTH
        vmcall
        xor cx, cx
        mov si, VM_LENGTH
        jmp done

bare:   ; No hypervisor: the debug console port, byte by byte.
        mov si, bare_message
        mov cx, BARE_LENGTH
        cld
.next:
        lodsb
        out DEBUG_PORT, al
        loop .next
        mov si, BARE_LENGTH

done:
        mov ax, [probe_ax]
        mov bx, [probe_bx]
        xor dx, dx
        mov dl, [ud_seen]
        cli
        hlt

; ---- #UD: if the faulting instruction is VMCALL, note it and skip it ----
ud_handler:
        push bp
        mov bp, sp
        push ds
        push si
        lds si, [bp + 2]        ; DS:SI = the faulting CS:IP
        cmp word [si], 0x010f
        jne .foreign
        cmp byte [si + 2], 0xc1
        jne .foreign
        mov byte [cs:ud_seen], 1
        add word [bp + 2], 3    ; return past the 3 bytes
        pop si
        pop ds
        pop bp
        iret
.foreign:                       ; any other invalid opcode: stop right there
        cli
        hlt

probe_ax:     dw 0
probe_bx:     dw 0
ud_seen:      db 0
vm_message:   db "hello through a hypercall", 10
VM_LENGTH     equ $ - vm_message
bare_message: db "no hypervisor: port E9h", 10
BARE_LENGTH   equ $ - bare_message
