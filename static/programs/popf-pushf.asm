; popf-pushf.asm: the instructions that broke Popek and Goldberg's theorem
; on the x86 (lesson 3; Robin and Irvine, 2000).
; PUSHF and POPF touch the interrupt flag IF, so they are *sensitive*,
; but on a 386 they do not trap in a deprivileged kernel (ring 1): PUSHF
; shows the real IF, and POPF silently ignores a change to IF. A monitor
; never sees them. The program sets IF with STI and clears it with CLI
; and POPF, and each time reads FLAGS back with PUSHF.
;
; Expected outcome on the bare machine (and under Strict-P&G and
; HW-assist, where PUSHF and POPF trap or act on the virtual IF):
;   expect: AX=F202h BX=F002h CX=F202h DX=F002h IF=0
; Worked out by hand from the 8086 manual (FLAGS bits: 1 and 12-15 always
; 1 on an 8086, IF is bit 9 = 0200h; the .COM starts with every status
; flag 0 and IF = 0):
;   AX: after STI, IF = 1: F002h + 0200h = F202h
;   BX: after CLI, IF = 0: F002h
;   CX: after POPF of AX (IF = 1): F202h
;   DX: after POPF of 0 (IF = 0, and the status flags 0): F002h
;   the final HLT runs with IF = 0: the CPU stops.
;
;
; Under Classic-deprivileged (virtualization.md 2.3) the guest sees:
;   classic: AX=0202h BX=0202h CX=0202h DX=0202h IF=0
;   PUSHF shows the real FLAGS of a 386 at CPL 1: IF = 1 (the real
;   interrupts stay on while a guest runs) and bits 12-15 = 0 (IOPL 0, no
;   8086 signature): 0202h every time, whatever the guest did. STI and
;   CLI trap and set the virtual IF; both POPFs are silently dropped as
;   far as IF goes, so the monitor never learns that the guest turned
;   interrupts back on with the first one. Its IF stays as CLI left it.
;   Only STI, CLI and the final HLT reach the monitor.

bits 16
cpu 8086
org 0x100

        sti             ; IF := 1 (traps in a VM: virtual IF := 1)
        pushf
        pop ax          ; AX = FLAGS with IF = 1
        cli             ; IF := 0 (traps in a VM: virtual IF := 0)
        pushf
        pop bx          ; BX = FLAGS with IF = 0
        push ax
        popf            ; FLAGS := AX: IF back to 1
        pushf
        pop cx          ; CX = FLAGS
        xor dx, dx      ; (sets ZF and PF: POPF below clears them again)
        push dx
        popf            ; FLAGS := 0: IF := 0, status flags 0
        pushf
        pop dx          ; DX = FLAGS
        hlt
