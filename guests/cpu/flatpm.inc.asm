; flatpm.inc.asm -- macros shared by the CPU guests (32-bit code, flat segments: code 0x08, data
; 0x10 in a GDT the guest defines with its register image at `gdtr`).

; Enters flat protected mode from the multiboot state and sets ESP to %1.
%macro FLAT_PM_ENTRY 1
        cli
        lgdt [gdtr]
        jmp 0x08:%%pm
%%pm:   mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax
        mov ss, ax
        mov esp, %1
%endmacro

; Points IDT entry %1 (in the table at `idt`) at handler %2: 32-bit interrupt gate, DPL 0.
%macro GATE 2
        mov eax, %2
        mov word [idt + %1*8], ax
        mov word [idt + %1*8 + 2], 0x08
        mov word [idt + %1*8 + 4], 0x8e00
        shr eax, 16
        mov word [idt + %1*8 + 6], ax
%endmacro

; Prints the NUL-terminated string at %1 (serial.inc.asm's puts).
%macro SAY 1
        mov esi, %1
        call puts
%endmacro

; Leaves through the isa-debug-exit port (QEMU exits with status 1).
%macro EXIT 0
        mov dx, 0xf4
        mov al, 0
        out dx, al
        hlt
%endmacro

; The multiboot v1 header (a.out kludge): the image is loaded at its own address from `mb` to
; `load_end`, zeroed up to `bss_end`, and entered at `start`.
%macro MULTIBOOT_HEADER 0
mb:     dd 0x1badb002, 0x00010000, -(0x1badb002 + 0x00010000)
        dd mb, mb, load_end, bss_end, start
%endmacro

; The start of the GDT: null, flat code (0x08), flat data (0x10); a guest may add entries before
; its `gdt_end` label.
%macro FLAT_GDT 0
align 8
gdt:    dq 0
        dq 0x00cf9a000000ffff
        dq 0x00cf92000000ffff
%endmacro

; The register images for LGDT (the GDT from `gdt` to `gdt_end`) and LIDT (256 gates at `idt`).
%macro TABLE_REGISTERS 0
gdtr:   dw gdt_end - gdt - 1
        dd gdt
idtr:   dw 256 * 8 - 1
        dd idt
%endmacro
