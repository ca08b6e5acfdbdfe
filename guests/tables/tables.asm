; tables: what a guest reads of the firmware's tables and of fw_cfg after SeaBIOS ran.
;
; A multiboot kernel (a.out kludge, nasm alone) for the pc machine booted through SeaBIOS, on
; Plugboard (-bios bios-256k.bin -kernel tables.elf) and on QEMU (-kernel tables.elf). It prints
; the multiboot information and memory map, the fw_cfg interface (signature, features, RAM,
; CPUs, the file directory, a DMA read), walks RSDP -> RSDT/XSDT -> each table (headers with
; their checksums, the FADT's fields, the DSDT's names, every MADT entry, the HPET block) and
; the SMBIOS entry point and structures with their strings, and the real-mode BIOS data area
; and interrupt vectors. Addresses that depend on where the firmware placed things are left out. Then it writes 0 to isa-debug-exit (0xf4) and halts.

%include "guest.inc"

FW_CFG_SEL  equ 0x510
FW_CFG_DATA equ 0x511
FW_CFG_DMA  equ 0x514
MAX_FILES   equ 64

MULTIBOOT_AOUT 3, load_end, bss_end

start:
    cli
    mov esp, stack_top
    mov [mb_info], ebx
    mov [mb_magic], eax
    call setup_cpu
    PRINTLN "tables: what the firmware left for a guest"
    call multiboot
    call fw_cfg
    call acpi
    call smbios
    call bios_data
    call hotplug
    PRINTLN "tables: done"
    jmp exit

; ------------------------------------------------------------------ real-mode BIOS data
; what real-mode code reads: the BIOS data area's COM1 base, EBDA segment, equipment word and
; base memory size, the EBDA's own size, and the segment of a few interrupt vectors
bios_data:
    PRINT "bda: com1 "
    movzx eax, word [0x400]
    HEX 4, eax
    PRINT " ebda segment "
    movzx eax, word [0x40e]
    HEX 4, eax
    PRINT " equipment "
    movzx eax, word [0x410]
    HEX 4, eax
    PRINT " base memory "
    movzx eax, word [0x413]
    DEC eax
    PRINT " KiB, ebda "
    movzx eax, word [0x40e]
    shl eax, 4
    movzx eax, byte [eax]
    DEC eax
    PRINT " KiB"
    call newline
    PRINT "ivt: segments of int 08 "
    movzx eax, word [0x08 * 4 + 2]
    HEX 4, eax
    PRINT " 10 "
    movzx eax, word [0x10 * 4 + 2]
    HEX 4, eax
    PRINT " 1c "
    movzx eax, word [0x1c * 4 + 2]
    HEX 4, eax
    PRINT " 70 "
    movzx eax, word [0x70 * 4 + 2]
    HEX 4, eax
    call newline
    ret

; ------------------------------------------------------------------ hot-plug registers
; what the DSDT's PCI and CPU hot-plug methods read (QEMU's PIIX4 PM blocks at 0xae00 and 0xaf00):
; bus 0's removable slots, selector and event bitmaps; the legacy present-CPU bitmap; then,
; after the 0 write that _INI makes, CPU 0's flags, the selector after command 0, a byte past
; the modern block
hotplug:
    PRINT "hotplug: pci removable "
    mov dx, 0xae0c
    in eax, dx
    HEX 8, eax
    PRINT " select "
    mov dx, 0xae10
    in eax, dx
    HEX 8, eax
    PRINT " up "
    mov dx, 0xae00
    in eax, dx
    HEX 8, eax
    PRINT " down "
    mov dx, 0xae04
    in eax, dx
    HEX 8, eax
    PRINT ", cpu bitmap "
    mov dx, 0xaf00
    in al, dx
    HEX 2, eax
    xor eax, eax
    out dx, eax
    PRINT " modern flags "
    mov dx, 0xaf04
    in al, dx
    HEX 2, eax
    mov dx, 0xaf05
    xor eax, eax
    out dx, al
    PRINT " data "
    mov dx, 0xaf08
    in eax, dx
    HEX 8, eax
    PRINT " past "
    mov dx, 0xaf1f
    in al, dx
    HEX 2, eax
    call newline
    ret

; ------------------------------------------------------------------ multiboot information
multiboot:
    PRINT "multiboot: magic "
    HEX 8, [mb_magic]
    mov ebx, [mb_info]
    PRINT " flags "
    HEX 8, [ebx]
    PRINT " mem_lower "
    DEC [ebx + 4]
    PRINT " mem_upper "
    DEC [ebx + 8]
    PRINT " boot_device "
    HEX 8, [ebx + 12]
    call newline
    PRINT "multiboot: loader '"
    mov esi, [ebx + 64]
    call puts
    PRINT "' command line '"
    mov esi, [ebx + 16]
    call puts
    PRINT "' modules "
    DEC [ebx + 20]
    call newline
    mov esi, [ebx + 48]                 ; mmap_addr
    mov edi, esi
    add edi, [ebx + 44]                 ; mmap_length
.entry:
    cmp esi, edi
    jae .done
    PRINT "e820: "
    HEX 8, [esi + 8]
    HEX 8, [esi + 4]
    PRINT " length "
    HEX 8, [esi + 16]
    HEX 8, [esi + 12]
    PRINT " type "
    DEC [esi + 20]
    call newline
    add esi, [esi]
    add esi, 4
    jmp .entry
.done:
    ret

; ------------------------------------------------------------------ fw_cfg
fw_select:                              ; ax: item
    push edx
    mov dx, FW_CFG_SEL
    out dx, ax
    pop edx
    ret

fw_read:                                ; edi: buffer, ecx: bytes
    pushad
    mov dx, FW_CFG_DATA
    rep insb
    popad
    ret

fw_cfg:
    mov ax, 0
    call fw_select
    mov edi, buffer
    mov ecx, 4
    call fw_read
    mov byte [buffer + 4], 0
    PRINT "fw_cfg: signature '"
    mov esi, buffer
    call puts
    PRINT "' id "
    mov ax, 1
    call fw_select
    mov edi, buffer
    mov ecx, 4
    call fw_read
    HEX 8, [buffer]
    PRINT " ram "
    mov ax, 3
    call fw_select
    mov edi, buffer
    mov ecx, 8
    call fw_read
    mov eax, [buffer]
    shr eax, 20
    DEC eax
    PRINT " MiB, cpus "
    mov ax, 5
    call fw_select
    mov dword [buffer], 0
    mov edi, buffer
    mov ecx, 2
    call fw_read
    DEC [buffer]
    PRINT ", nographic "
    mov ax, 4
    call fw_select
    mov dword [buffer], 0
    mov edi, buffer
    mov ecx, 2
    call fw_read
    DEC [buffer]
    call newline
    ; the file directory: a big-endian count, then 64-byte entries (size, select, name)
    mov ax, 0x19
    call fw_select
    mov edi, buffer
    mov ecx, 4
    call fw_read
    mov ebx, [buffer]
    bswap ebx
    PRINT "fw_cfg: "
    DEC ebx
    PRINTLN " files"
    cmp ebx, MAX_FILES
    jbe .read_directory
    mov ebx, MAX_FILES
.read_directory:
    mov edi, directory
    mov ecx, ebx
    shl ecx, 6
    call fw_read
    mov ebp, directory
.file:
    test ebx, ebx
    jz .files_done
    PRINT "fw_cfg file "
    movzx eax, word [ebp + 4]
    xchg al, ah
    HEX 4, eax
    call space
    mov ecx, [ebp]
    bswap ecx
    HEX 8, ecx
    call space
    mov byte [ebp + 63], 0
    lea esi, [ebp + 8]
    call puts
    ; a small file's contents too, in hex; not the RSDP, whose pointer is an offset into
    ; etc/acpi/tables that the DSDT's size moves
    jecxz .next_file
    cmp ecx, 32
    ja .next_file
    cmp dword [ebp + 8 + 9], 'rsdp'
    je .next_file
    movzx eax, word [ebp + 4]
    xchg al, ah
    call fw_select
    mov edi, buffer
    call fw_read
    PRINT ":"
    mov esi, buffer
.byte:
    call space
    lodsb
    HEX 2, eax
    loop .byte
.next_file:
    call newline
    add ebp, 64
    dec ebx
    jmp .file
.files_done:
    ; the DMA interface: its register reads "QEMU CFG"; a DMA read of the signature item
    mov dx, FW_CFG_DMA
    in eax, dx
    mov [buffer], eax
    add dx, 4
    in eax, dx
    mov [buffer + 4], eax
    mov byte [buffer + 8], 0
    PRINT "fw_cfg: dma register '"
    mov esi, buffer
    call puts
    PRINT "'"
    mov dword [buffer + 16], 0
    mov dword [buffer + 20], 0
    mov dword [dma_access], 0x0a000000  ; big-endian: select item 0, read (0x08 | 0x02)
    mov dword [dma_access + 4], 0x04000000
    mov dword [dma_access + 8], 0
    mov eax, buffer + 16
    bswap eax
    mov [dma_access + 12], eax
    mov dx, FW_CFG_DMA
    xor eax, eax
    out dx, eax
    add dx, 4
    mov eax, dma_access
    bswap eax
    out dx, eax
    PRINT ", dma read of item 0 '"
    mov esi, buffer + 16
    call puts
    PRINT "' control "
    HEX 8, [dma_access]
    call newline
    ret

; ------------------------------------------------------------------ ACPI
checksum:                               ; esi: bytes, ecx: count -> al: their sum
    push esi
    push ecx
    xor eax, eax
.add:
    add al, [esi]
    inc esi
    loop .add
    pop ecx
    pop esi
    ret

text:                                   ; esi: bytes, ecx: count, printed as they are
    pushad
.char:
    lodsb
    call putc
    loop .char
    popad
    ret

; "SIG length L rev R checksum ok oem 'OEMID' 'TABLEID' oemrev N creator 'CRTR' rev N"
table_header:                           ; esi: a system description table
    pushad
    mov ecx, 4
    call text
    PRINT " length "
    DEC [esi + 4]
    PRINT " rev "
    movzx eax, byte [esi + 8]
    DEC eax
    mov ecx, [esi + 4]
    call checksum
    test al, al
    jz .sum_ok
    PRINT " checksum bad"
    jmp .oem
.sum_ok:
    PRINT " checksum ok"
.oem:
    PRINT " oem '"
    push esi
    add esi, 10
    mov ecx, 6
    call text
    PRINT "' '"
    add esi, 6
    mov ecx, 8
    call text
    pop esi
    PRINT "' oemrev "
    HEX 8, [esi + 24]
    PRINT " creator '"
    push esi
    add esi, 28
    mov ecx, 4
    call text
    pop esi
    PRINT "' rev "
    HEX 8, [esi + 32]
    call newline
    popad
    ret

acpi:
    mov esi, 0xe0000
.scan:
    cmp dword [esi], 'RSD '
    jne .next
    cmp dword [esi + 4], 'PTR '
    jne .next
    mov ecx, 20
    call checksum
    test al, al
    jz .found
.next:
    add esi, 16
    cmp esi, 0x100000
    jb .scan
    PRINTLN "acpi: no RSDP in 0xe0000-0xfffff"
    ret
.found:
    mov ebx, esi
    PRINT "acpi: rsdp rev "
    movzx eax, byte [ebx + 15]
    DEC eax
    PRINT " oem '"
    lea esi, [ebx + 9]
    mov ecx, 6
    call text
    PRINT "' checksum ok"
    cmp byte [ebx + 15], 2
    jb .rsdt
    PRINT ", length "
    DEC [ebx + 20]
    mov esi, ebx
    mov ecx, [ebx + 20]
    call checksum
    test al, al
    jnz .xbad
    PRINTLN ", extended checksum ok, walking the XSDT"
    mov esi, [ebx + 24]                 ; XSDT (below 4 GiB here: the high half is 0)
    mov ebp, 8
    jmp .root
.xbad:
    PRINTLN ", extended checksum bad"
    ret
.rsdt:
    PRINTLN ", walking the RSDT"
    mov esi, [ebx + 16]
    mov ebp, 4
.root:
    PRINT "acpi: "
    call table_header
    mov edi, esi
    add edi, [esi + 4]                  ; end of the entries
    lea ebx, [esi + 36]
.table:
    cmp ebx, edi
    jae .tables_done
    mov esi, [ebx]
    PRINT "acpi: "
    call table_header
    call table_details
    add ebx, ebp
    jmp .table
.tables_done:
    ret

table_details:                          ; esi: a table the root points at
    cmp dword [esi], 'FACP'
    je fadt
    cmp dword [esi], 'APIC'
    je madt
    cmp dword [esi], 'HPET'
    je hpet
    ret

; PM blocks, SCI, SMI command, flags; then the FACS and the DSDT it points at
fadt:
    pushad
    mov ebx, esi
    PRINT "fadt: sci "
    movzx eax, word [ebx + 46]
    DEC eax
    PRINT " smi_cmd "
    HEX 8, [ebx + 48]
    PRINT " enable "
    HEX 2, [ebx + 52]
    PRINT " disable "
    HEX 2, [ebx + 53]
    PRINT " pm1a_evt "
    HEX 8, [ebx + 56]
    PRINT " pm1a_cnt "
    HEX 8, [ebx + 64]
    PRINT " pm_tmr "
    HEX 8, [ebx + 76]
    PRINT " gpe0 "
    HEX 8, [ebx + 80]
    call newline
    PRINT "fadt: lengths pm1_evt "
    movzx eax, byte [ebx + 88]
    DEC eax
    PRINT " pm1_cnt "
    movzx eax, byte [ebx + 89]
    DEC eax
    PRINT " pm_tmr "
    movzx eax, byte [ebx + 91]
    DEC eax
    PRINT " gpe0 "
    movzx eax, byte [ebx + 92]
    DEC eax
    PRINT " century "
    HEX 2, [ebx + 108]
    PRINT " iapc_boot_arch "
    movzx eax, word [ebx + 109]
    HEX 4, eax
    PRINT " flags "
    HEX 8, [ebx + 112]
    call newline
    mov esi, [ebx + 36]
    PRINT "facs: "
    mov ecx, 4
    call text
    PRINT " length "
    DEC [esi + 4]
    PRINT " version "
    movzx eax, byte [esi + 32]
    DEC eax
    call newline
    mov esi, [ebx + 40]
    PRINT "acpi: "
    call table_header
    call dsdt_names
    popad
    ret

; which of the names a pc's DSDT has are present (as name segments anywhere in the AML)
dsdt_names:                             ; esi: the DSDT
    pushad
    PRINT "dsdt: names"
    mov ebx, dsdt_wanted
.name:
    mov eax, [ebx]
    test eax, eax
    jz .done
    call space
    push esi
    mov ecx, 4
    mov esi, ebx
    call text
    pop esi
    mov edi, esi
    mov ecx, [esi + 4]
    sub ecx, 3
.find:
    cmp [edi], eax
    je .present
    inc edi
    loop .find
    PRINT "-no"
.present:
    add ebx, 4
    jmp .name
.done:
    call newline
    popad
    ret

; the local APIC address and flags, then every entry
madt:
    pushad
    mov ebx, esi
    PRINT "madt: lapic address "
    HEX 8, [ebx + 36]
    PRINT " flags "
    HEX 8, [ebx + 40]
    call newline
    mov edi, ebx
    add edi, [ebx + 4]
    lea esi, [ebx + 44]
.entry:
    cmp esi, edi
    jae .done
    movzx eax, byte [esi]
    cmp eax, 0
    je .lapic
    cmp eax, 1
    je .ioapic
    cmp eax, 2
    je .override
    cmp eax, 4
    je .nmi
    PRINT "madt: type "
    DEC eax
    PRINT " length "
    movzx eax, byte [esi + 1]
    DEC eax
    call newline
    jmp .next
.lapic:
    PRINT "madt: local apic processor "
    movzx eax, byte [esi + 2]
    DEC eax
    PRINT " apic id "
    movzx eax, byte [esi + 3]
    DEC eax
    PRINT " flags "
    HEX 8, [esi + 4]
    call newline
    jmp .next
.ioapic:
    PRINT "madt: io apic id "
    movzx eax, byte [esi + 2]
    DEC eax
    PRINT " address "
    HEX 8, [esi + 4]
    PRINT " gsi base "
    DEC [esi + 8]
    call newline
    jmp .next
.override:
    PRINT "madt: override bus "
    movzx eax, byte [esi + 2]
    DEC eax
    PRINT " irq "
    movzx eax, byte [esi + 3]
    DEC eax
    PRINT " gsi "
    DEC [esi + 4]
    PRINT " flags "
    movzx eax, word [esi + 8]
    HEX 4, eax
    call newline
    jmp .next
.nmi:
    PRINT "madt: local apic nmi processor "
    movzx eax, byte [esi + 2]
    HEX 2, eax
    PRINT " flags "
    movzx eax, word [esi + 3]
    HEX 4, eax
    PRINT " lint "
    movzx eax, byte [esi + 5]
    DEC eax
    call newline
.next:
    movzx eax, byte [esi + 1]
    test eax, eax
    jz .done                            ; a zero length would loop forever
    add esi, eax
    jmp .entry
.done:
    popad
    ret

hpet:
    PRINT "hpet: block id "
    HEX 8, [esi + 36]
    PRINT " address space "
    movzx eax, byte [esi + 40]
    DEC eax
    PRINT " base "
    HEX 8, [esi + 48]
    HEX 8, [esi + 44]
    PRINT " number "
    movzx eax, byte [esi + 52]
    DEC eax
    PRINT " min tick "
    movzx eax, word [esi + 53]
    DEC eax
    call newline
    ret

; ------------------------------------------------------------------ SMBIOS
smbios:
    mov esi, 0xf0000
.scan:
    cmp dword [esi], '_SM_'
    jne .next
    movzx ecx, byte [esi + 5]
    call checksum
    test al, al
    jz .found
.next:
    add esi, 16
    cmp esi, 0x100000
    jb .scan
    PRINTLN "smbios: no entry point in 0xf0000-0xfffff"
    ret
.found:
    mov ebx, esi
    PRINT "smbios: entry point length "
    movzx eax, byte [ebx + 5]
    DEC eax
    PRINT " version "
    movzx eax, byte [ebx + 6]
    DEC eax
    PRINT "."
    movzx eax, byte [ebx + 7]
    DEC eax
    PRINT " max structure "
    movzx eax, word [ebx + 8]
    DEC eax
    PRINT " revision "
    movzx eax, byte [ebx + 10]
    DEC eax
    PRINT " table length "
    movzx eax, word [ebx + 22]
    DEC eax
    PRINT " structures "
    movzx eax, word [ebx + 28]
    DEC eax
    PRINT " bcd revision "
    movzx eax, byte [ebx + 30]
    HEX 2, eax
    lea esi, [ebx + 16]
    mov ecx, 15
    call checksum
    test al, al
    jnz .dmi_bad
    PRINTLN " checksums ok"
    jmp .walk
.dmi_bad:
    PRINTLN " intermediate checksum bad"
.walk:
    mov esi, [ebx + 24]
    movzx ecx, word [ebx + 28]
.structure:
    test ecx, ecx
    jz .done
    PRINT "smbios: type "
    movzx eax, byte [esi]
    DEC eax
    PRINT " length "
    movzx eax, byte [esi + 1]
    DEC eax
    PRINT " handle "
    movzx eax, word [esi + 2]
    HEX 4, eax
    movzx eax, byte [esi + 1]
    add esi, eax                        ; the strings: each NUL-terminated, a second NUL ends them
    cmp word [esi], 0
    je .no_strings
.string:
    PRINT " '"
    call puts                           ; ESI ends past the string's NUL
    PRINT "'"
    cmp byte [esi], 0
    jne .string
    inc esi
    jmp .end
.no_strings:
    add esi, 2
.end:
    call newline
    dec ecx
    jmp .structure
.done:
    ret

            COM1_ROUTINES
            IRQ_COUNTING_ROUTINES
            EXIT_ROUTINE

dsdt_wanted: db "PCI0", "_PRT", "LNKA", "LNKB", "LNKC", "LNKD", "LNKS", "_PRS", "_CRS", "_SRS", "_DIS"
             db "ISA_", "S08_", "RTC_", "KBD_", "MOU_", "COM1", "FWCF", "_S3_", "_S4_", "_S5_", "HPET"
             ; PCI and CPU hot-plug, the GPE handlers, the debug method
             db "BSEL", "S10_", "SF8_", "_SUN", "_EJ0", "PCNT", "PHPR", "GPE0", "PRES", "CSCN", "C000", "_E01", "_E02", "DBUG"
             dd 0
mb_info:     dd 0
mb_magic:    dd 0
align 16
dma_access:  times 16 db 0
load_end:

absolute load_end
buffer:     resb 64
directory:  resb MAX_FILES * 64
            IRQ_COUNTING_BSS
            BSS_STACK_AND_END 8192
