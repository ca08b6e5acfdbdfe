; The real-mode interrupt handlers of the firmware-less start, at F000:E000 in the BIOS area.
; The real-mode IVT points every vector here: software interrupts return at once, hardware
; IRQs acknowledge the 8259s, and IRQ 0 also counts the BIOS data area's tick count (0x46c,
; with the midnight flag at 0x470) and calls INT 0x1c, as a PC BIOS does.
; Built with: nasm -f bin -o bios-stub.bin bios-stub.asm (FirmwareLessStartTest checks the
; committed binary is what this source assembles to).
bits 16
org 0xe000

; the entry table the Java side reads: offsets in segment F000
entries:
    dw iret_only, irq_master, irq_slave, irq_timer

TICKS       equ 0x46c
MIDNIGHT    equ 0x470
TICKS_DAY   equ 0x1800b0

iret_only:
    iret

irq_master:
    push ax
    mov al, 0x20
    out 0x20, al                ; non-specific EOI to the master
    pop ax
    iret

irq_slave:
    push ax
    mov al, 0x20
    out 0xa0, al                ; to the slave, then to the master for the cascade
    out 0x20, al
    pop ax
    iret

irq_timer:
    push ds
    push eax
    xor ax, ax
    mov ds, ax
    mov eax, [TICKS]
    inc eax
    cmp eax, TICKS_DAY
    jb .store
    xor eax, eax
    mov byte [MIDNIGHT], 1
.store:
    mov [TICKS], eax
    int 0x1c                    ; the user timer hook
    mov al, 0x20
    out 0x20, al
    pop eax
    pop ds
    iret
