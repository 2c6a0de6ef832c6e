; system.asm: a guest kernel's start-up: paging on, a page flush, a hypercall (virtualization.md §2.2.4)
org 0
cpu 8086
%macro vx_cr3 1
[cpu 486]
        mov cr3, %1
[cpu 8086]
%endmacro
start:  cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7c00
        mov ax, 0x20
        vx_cr3 ebx
        cpu 486
        mov eax, cr0
        or ax, 0x8000
        mov cr0, eax
        invlpg [0x1000]
        invlpg [es:di]
        smsw dx
        mov ebx, cr2
        mov eax, cr3
        cpu 8086
        mov ax, 1
        vmcall
        hlt
        jmp start
