; noisy-neighbour.asm: a CPU hog that never stops. It lives in
; static/programs/vm/ because it never halts: the equivalence matrix runs
; every .com of static/programs itself to HLT, and this one has none.
;
; It counts forever in DX:AX, never halts, never waits for an interrupt,
; never makes an I/O access: it is the neighbour who takes every
; instruction the scheduler gives it. Run next to another VM it shows
; what the hypervisor's scheduler guarantees (virtualization.md 2.9):
; with stride scheduling a VM of weight w among VMs of total weight W
; gets w/W of the quanta while all of them want the CPU (1:1 -> half,
; 3:1 -> three quarters), within one quantum (Waldspurger and Weihl,
; "Stride scheduling", MIT/LCS/TM-528, 1995); a VM that waits in HLT
; is blocked and uses no quanta, so a timer-driven victim still runs
; each time its interrupt comes, and finishes.
;
; Expected state after the VM has executed N instructions (N >= 1), no
; HLT ever reached:
;   count: DX:AX = (N + 1) div 3
; Worked out by hand: XOR AX, AX is the first instruction (the .COM
; contract already gives AX = DX = 0); then every round of the loop is
; three instructions (ADD, ADC, JMP) and adds 1 to DX:AX, the ADD doing
; it. After N = 1 + 3k instructions DX:AX = k; one and two instructions
; later the ADD of round k + 1 has counted: k + 1. All three cases are
; (N + 1) div 3. (For the one instruction between an ADD that wrapped AX
; to 0 and its ADC, DX lags by one: once every 65536 rounds.)

bits 16
cpu 8086
org 0x100

start:
        xor ax, ax
hog:
        add ax, 1
        adc dx, 0
        jmp hog
