; hpet-lookup: a 32-bit multiboot kernel that looks for the HPET the way the Mac OS X 10.6 kernel
; does (xnu osfmk/i386/hpet.c, map_rcbaArea and hpet_init) and prints what it finds on COM1:
;
;   1. reads the RCBA register of the LPC bridge, bus 0 device 31 function 0, config offset 0xf0,
;      through configuration mechanism #1 (0xcf8/0xcfc); all ones (no device) or bit 0 clear
;      means no chipset configuration window;
;   2. reads HPTC at RCBA base + 0x3404; if address enable (bit 7) is clear it writes
;      (HPTC & ~3) | 0x80, i.e. enables the HPET at 0xfed00000;
;   3. the HPET is at 0xfed00000 | (HPTC & 3) << 12; its capabilities must name vendor 8086.
; It prints "HPET found at 0x........" and writes 0 to isa-debug-exit (port 0xf4), or prints
; "HPET not found" and writes 1.
;
; Build: nasm -f bin -I ../include/ -o hpet-lookup.elf hpet-lookup.asm   (a multiboot a.out-kludge image at 1 MiB)
;
; --- QEMU TCG (Debian 12 qemu-system-i386 7.2), recorded while writing this program: ---
;   qemu-system-i386 -nographic -no-reboot -kernel hpet-lookup.elf -device isa-debug-exit,iobase=0xf4,iosize=4
;     (pc machine, PIIX): "HPET not found", exit status 3 — nothing answers at 00:1f.0, although
;     QEMU's HPET is at 0xfed00000;
;   the same with -machine q35 (ICH9, SeaBIOS programs RCBA = 0xfed1c001): "HPET found at 0xfed00000",
;     exit status 1. Both recorded: expected-qemu.txt (pc), expected-qemu-q35.txt.

%include "guest.inc"

CONFIG_ADDRESS equ 0xcf8
CONFIG_DATA equ 0xcfc
LPC_RCBA    equ 0x80000000 | (31 << 11) | 0xf0
HPTC_OFFSET equ 0x3404
HPTC_AE     equ 0x80

            MULTIBOOT_AOUT 3, image_end, image_end

start:
            cli
            mov esp, stack_top
            mov esi, msg_banner
            call puts

            mov dx, CONFIG_ADDRESS
            mov eax, LPC_RCBA
            out dx, eax
            mov dx, CONFIG_DATA
            in eax, dx
            cmp eax, 0xffffffff
            je not_found
            test eax, 1
            jz not_found
            and eax, 0xffffc000
            lea ebx, [eax + HPTC_OFFSET]
            mov eax, [ebx]
            test eax, HPTC_AE
            jnz .enabled
            and eax, ~3
            or eax, HPTC_AE
            mov [ebx], eax
.enabled:   and eax, 3
            shl eax, 12
            or eax, 0xfed00000
            mov ebx, eax
            mov eax, [ebx]                  ; capabilities: vendor in bits 31:16
            shr eax, 16
            cmp eax, 0x8086
            jne not_found

            mov esi, msg_found
            call puts
            mov eax, ebx
            call put_hex8_lc
            call newline
            mov al, 0
            out DEBUG_EXIT, al
            hlt

not_found:
            mov esi, msg_not_found
            call puts
            mov al, 1
            out DEBUG_EXIT, al
            hlt

            COM1_ROUTINES

msg_banner:     db "hpet-lookup: 00:1f.0 RCBA, HPTC, HPET", 13, 10, 0
msg_found:      db "HPET found at 0x", 0
msg_not_found:  db "HPET not found", 13, 10, 0

            STACK_AND_IMAGE_END 1024
