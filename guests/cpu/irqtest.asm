; irqtest.asm -- external interrupts and NMI as the machine delivers them: INTR through the
; interrupt controller's acknowledge (vector 0x20), the STI interrupt shadow, HLT wake-up, NMI.
; The Java side (InterruptTest) raises the pins from port-write callbacks. Prints on port 0xe9.
; Multiboot (a.out kludge) flat binary at 1 MiB. Build: nasm -f bin -o irqtest.bin irqtest.asm

bits 32
org 0x100000

mb:     dd 0x1badb002, 0x00010000, -(0x1badb002 + 0x00010000)
        dd mb, mb, load_end, bss_end, start

%macro PUT 1
        mov al, %1
        out 0xe9, al
%endmacro

start:  cli
        lgdt [gdtr]
        jmp 0x08:.pm
.pm:    mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x90000
        mov eax, irq
        mov ecx, 0x20
        call gate
        mov eax, nmi
        mov ecx, 2
        call gate
        lidt [idtr]
        PUT 's'
        sti
        hlt                     ; the test sees HALTED, raises INTR and runs again
        PUT 'h'
        cli
        PUT 'a'                 ; the test raises INTR on this write; IF = 0 holds it off
        mov al, 'b'
        sti
        out 0xe9, al            ; the STI shadow: this one instruction runs before the interrupt
        PUT 'c'
        cli
        hlt                     ; IF = 0: only the NMI the test sends wakes us
        PUT 'e'
        mov al, 0
        out 0xf4, al

irq:    push eax
        PUT 'I'
        pop eax
        iret
nmi:    push eax
        PUT 'N'
        pop eax
        iret

gate:   mov [idt + ecx*8], ax
        mov word [idt + ecx*8 + 2], 0x08
        mov word [idt + ecx*8 + 4], 0x8e00
        shr eax, 16
        mov [idt + ecx*8 + 6], ax
        ret

align 8
gdt:    dq 0
        dq 0x00cf9a000000ffff
        dq 0x00cf92000000ffff
gdt_end:
gdtr:   dw gdt_end - gdt - 1
        dd gdt
idtr:   dw 256 * 8 - 1
        dd idt
load_end:
align 16
idt:    times 256 * 8 db 0
bss_end:
