; polarity: does a level-triggered, active-low IOAPIC pin deliver while its line is asserted?
;
; COM1's THR-empty interrupt asserts ISA IRQ 4 (a level). The guest routes IOAPIC pin 4 to
; vector 0x40 as level-triggered and ACTIVE LOW, the way Mac OS X programs pins against the ACPI
; hint, masks the 8259, and waits. KVM and QEMU treat IRQ lines as logical levels and ignore the
; polarity bit: the interrupt arrives once and the handler's IIR read drops the line
; ("interrupt delivered"). An IOAPIC that honours the bit reads the idle line as asserted: the pin
; fires again after every EOI and the guest never gets past it ("interrupt storm"), the
; historical Mac OS X hang. It prints its verdict on COM1, writes 0 to isa-debug-exit (0xf4) and
; halts.
;
; Build: nasm -f bin -I ../include/ -o polarity.elf polarity.asm   (a multiboot a.out-kludge image at 1 MiB)
; QEMU 7.2 TCG: qemu-system-x86_64 -kernel polarity.elf -nographic -no-reboot
;               -device isa-debug-exit,iobase=0xf4,iosize=4
;   prints "polarity: interrupt delivered" and exits with status 1.

%include "guest.inc"

LAPIC       equ 0xfee00000
IOAPIC      equ 0xfec00000
VECTOR      equ 0x40

    MULTIBOOT_AOUT 3, image_end, image_end

start:
    FLAT32_ENTRY stack_top
    GATE VECTOR, isr                    ; IDT: one interrupt gate for VECTOR
    lidt [idtr]
    MASK_PICS                           ; the 8259 out of the way

    ; local APIC on, accepting every priority
    mov dword [LAPIC + 0x80], 0
    mov dword [LAPIC + 0xf0], 0x1ff

    ; IOAPIC pin 4: VECTOR, level-triggered (bit 15), active low (bit 13), unmasked, to APIC 0
    mov dword [IOAPIC], 0x19
    mov dword [IOAPIC + 0x10], 0
    mov dword [IOAPIC], 0x18
    mov dword [IOAPIC + 0x10], VECTOR | (1 << 13) | (1 << 15)

    ; COM1: OUT2 on (the PC's IRQ gate), then the THR-empty interrupt: IRQ 4 asserted
    mov dx, COM1 + 4
    mov al, 0x08
    out dx, al
    mov dx, COM1 + 1
    mov al, 0x02
    out dx, al

    sti
    mov ecx, 2000000
.wait:
    cmp dword [count], 0
    jne .delivered
    dec ecx
    jnz .wait
    cli
    mov esi, msg_none
    jmp report
.delivered:
    cli
    mov esi, msg_delivered
report:
    call print
    EXIT

; the handler: reading IIR clears THR-empty (so the level drops), then EOI
isr:
    push eax
    push edx
    mov dx, COM1 + 2
    in al, dx
    inc dword [count]
    mov dword [LAPIC + 0xb0], 0
    cmp dword [count], 1000
    jae .storm
    pop edx
    pop eax
    iret
.storm:                                 ; the pin never goes idle: say so and stop
    mov esi, msg_storm
    jmp report

; prints the zero-terminated string at esi on COM1 (interrupts off: IER is cleared first)
print:
    mov dx, COM1 + 1
    xor al, al
    out dx, al
.next:
    lodsb
    test al, al
    jz .done
    mov dx, COM1
    out dx, al
    jmp .next
.done:
    ret

msg_delivered: db "polarity: interrupt delivered", 13, 10, 0
msg_none:      db "polarity: no interrupt", 13, 10, 0
msg_storm:     db "polarity: interrupt storm", 13, 10, 0

count:      dd 0
            FLAT32_TABLES
            STACK_AND_IMAGE_END 1024
