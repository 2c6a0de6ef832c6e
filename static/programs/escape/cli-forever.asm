; cli-forever.asm: escape attempt E1 (virtualization.md 2.12). Turn
; interrupts off and never give the CPU back.
;
; Under every profile CLI either traps (the hypervisor clears the guest's
; virtual IF) or only clears the virtual IF (VME, HW-assist): the real IF
; stays 1, so the physical timer (pre-VT) or the preemption timer
; (HW-assist) still ends the quantum. Expected outcome: the guest spins
; until the run's budget ends, other VMs keep running, the auditor's I3
; stays green.
;
; The deliberate misconfiguration: 386-V86 with IOPL = 3. CLI is then not
; IOPL-sensitive and runs natively: the REAL IF is cleared, no timer
; interrupt reaches the host, the host never regains the CPU (the
; hypervisor reports hung) and the auditor flags I3.

bits 16
cpu 8086
org 0x100

start:
        cli
forever:
        jmp forever
