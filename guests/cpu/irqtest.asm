; irqtest.asm -- external interrupts and NMI as the machine delivers them: INTR through the
; interrupt controller's acknowledge (vector 0x20), the STI interrupt shadow, HLT wake-up, NMI.
; The Java side (InterruptTest) raises the pins from port-write callbacks. Prints on port 0xe9.
; Multiboot (a.out kludge) flat binary at 1 MiB. Build: nasm -f bin -I ../include/ -o irqtest.bin irqtest.asm

%include "guest.inc"

MULTIBOOT_AOUT 0, load_end, bss_end

%macro PUT 1
        mov al, %1
        out 0xe9, al
%endmacro

start:  FLAT32_ENTRY 0x90000
        mov eax, irq
        mov ecx, 0x20
        call set_gate
        mov eax, nmi
        mov ecx, 2
        call set_gate
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

SET_GATE_ROUTINES

FLAT_GDT                        ; 0x08 code, 0x10 data
gdt_end:
TABLE_REGISTERS
load_end:
align 16
idt:    times 256 * 8 db 0
bss_end:
