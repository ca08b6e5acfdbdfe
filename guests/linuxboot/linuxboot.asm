; linuxboot: the smallest bzImage that tells what a Linux loader handed it.
;
; A Linux boot protocol 2.12 image (nasm -f bin, no linker): a boot sector with the setup header
; ("HdrS", LOADED_HIGH, code32_start 0x100000), one sector of real-mode setup code, then the
; "kernel" proper, loaded at 1 MiB. Booted through SeaBIOS and QEMU's linuxboot_dma.bin option
; ROM (on QEMU with -kernel, on Plugboard with -bios ... -kernel), the setup code runs in real mode
; at 0x1020:0 with the header at 0x10000; it says so on COM1, enters flat 32-bit protected mode and
; jumps to code32_start with ESI at that page, as a boot_params. A direct loader (Plugboard without
; -bios) enters code32_start itself with ESI at its boot_params. The kernel prints the header
; fields the loader filled in (loader type,
; loadflags, heap end, command line, initrd place and size) and the initrd's first bytes, then
; writes 0 to isa-debug-exit (0xf4) and halts.

SETUP_SECTS equ 1
REAL_ADDR   equ 0x10000                 ; where a protocol >= 2.02 loader puts the setup
KERNEL_ADDR equ 0x100000
COM1        equ 0x3f8

; ------------------------------------------------------------------ boot sector and header
bits 16
org 0
    times 0x1f1 - ($ - $$) db 0
    db SETUP_SECTS                      ; 0x1f1 setup_sects
    dw 0                                ; 0x1f2 root_flags
    dd 0                                ; 0x1f4 syssize (unused by the loaders here)
    dw 0                                ; 0x1f8 ram_size
    dw 0                                ; 0x1fa vid_mode
    dw 0                                ; 0x1fc root_dev
    dw 0xaa55                           ; 0x1fe boot_flag
    jmp short setup                     ; 0x200 jump into the setup code
    db "HdrS"                           ; 0x202 header magic
    dw 0x020c                           ; 0x206 protocol 2.12
    dd 0                                ; 0x208 realmode_swtch
    dw 0x1000                           ; 0x20c start_sys_seg
    dw 0                                ; 0x20e kernel_version
    db 0                                ; 0x210 type_of_loader
    db 0x01                             ; 0x211 loadflags: LOADED_HIGH
    dw 0x8000                           ; 0x212 setup_move_size
    dd KERNEL_ADDR                      ; 0x214 code32_start
    dd 0                                ; 0x218 ramdisk_image
    dd 0                                ; 0x21c ramdisk_size
    dd 0                                ; 0x220 bootsect_kludge
    dw 0                                ; 0x224 heap_end_ptr
    db 0, 0                             ; 0x226 ext_loader_ver, ext_loader_type
    dd 0                                ; 0x228 cmd_line_ptr
    dd 0x37ffffff                       ; 0x22c initrd_addr_max
    dd 0x200000                         ; 0x230 kernel_alignment
    db 0, 0                             ; 0x234 relocatable_kernel, min_alignment
    dw 0                                ; 0x236 xloadflags: no 64-bit entry
    dd 255                              ; 0x238 cmdline_size
    dd 0                                ; 0x23c hardware_subarch
    dq 0                                ; 0x240 hardware_subarch_data
    dd 0, 0                             ; 0x248 payload_offset, payload_length
    dq 0                                ; 0x250 setup_data
    dq KERNEL_ADDR                      ; 0x258 pref_address
    dd 0x10000                          ; 0x260 init_size
    dd 0                                ; 0x264 handover_offset

; ------------------------------------------------------------------ real-mode setup
; entered at (REAL_ADDR >> 4) + 0x20 : 0, so offsets here are from 0x200
setup:
    cli
    mov ax, REAL_ADDR >> 4
    mov ds, ax
    mov si, setup_message
.char:
    mov al, [si]
    test al, al
    jz .protected
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    mov al, [si]
    mov dx, COM1
    out dx, al
    inc si
    jmp .char
.protected:
    o32 lgdt [gdt_descriptor]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    mov ax, 0x18                        ; the boot protocol's __BOOT_DS
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esi, REAL_ADDR                  ; the header's page, as the kernel's boot_params
    jmp dword 0x10:KERNEL_ADDR          ; __BOOT_CS

setup_message: db "linuxboot: real-mode setup entered at 1020:0000", 13, 10, 0

align 8
setup_gdt:                              ; laid out as the boot protocol's: code 0x10, data 0x18
    dq 0, 0
    dq 0x00cf9a000000ffff               ; 0x10: flat 32-bit code
    dq 0x00cf92000000ffff               ; 0x18: flat data
gdt_descriptor:
    dw gdt_descriptor - setup_gdt - 1
    dd REAL_ADDR + setup_gdt

    times (SETUP_SECTS + 1) * 512 - ($ - $$) db 0

; ------------------------------------------------------------------ the kernel, at 1 MiB
bits 32
section kernel vstart=KERNEL_ADDR follows=.text
%include "guest.inc"
%define HEADER ebx                      ; boot_params (ESI at entry): the header at 0x1f1 in it

kernel:                                 ; flat segments as the protocol's 32-bit entry has them
    mov ebx, esi
    mov esp, stack_top
    PRINTLN "linuxboot: protected mode at code32_start"
    PRINT "linuxboot: type_of_loader "
    HEX 2, [HEADER + 0x210]
    PRINT " loadflags "
    HEX 2, [HEADER + 0x211]
    PRINT " heap_end_ptr "
    movzx eax, word [HEADER + 0x224]
    HEX 4, eax
    PRINT " cmd_line_ptr "
    HEX 8, [HEADER + 0x228]
    call newline
    PRINT "linuxboot: command line '"
    mov esi, [HEADER + 0x228]
    call puts
    PRINTLN "'"
    mov ecx, [HEADER + 0x21c]
    PRINT "linuxboot: initrd "
    jecxz .no_initrd
    DEC ecx
    PRINT " bytes at "
    HEX 8, [HEADER + 0x218]
    PRINT ", starting '"
    mov esi, [HEADER + 0x218]
    mov ecx, 16
.initrd_char:
    lodsb
    call putc
    loop .initrd_char
    PRINTLN "'"
    jmp .done
.no_initrd:
    PRINTLN "none"
.done:
    PRINTLN "linuxboot: done"
    jmp exit

            COM1_ROUTINES
            EXIT_ROUTINE

kernel_end:
absolute kernel_end
            resb 8192
stack_top:
