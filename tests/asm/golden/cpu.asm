; cpu.asm: the cpu directive: 8086 code, system instructions between `cpu 486` and `cpu 8086`
cpu 8086
bits 16
org 0
        cli
        mov ax, 0x1000
        mov ds, ax
cpu 486
        mov eax, cr0
        mov cr3, eax
        invlpg [bx]
        smsw ax
cpu 386
        mov cr0, ebx
cpu 286
        smsw [si]
cpu 8086
        vmcall
        hlt
[cpu 186]
        ud2
[cpu 8086]
        jmp $
