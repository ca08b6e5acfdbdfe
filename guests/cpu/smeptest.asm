; smeptest.asm -- SMEP and SMAP (CR4 bits 20 and 21) under 32-bit paging: CPUID leaf 7 advertises
; them; a supervisor fetch from a user page faults with SMEP (#PF, I/D set); supervisor reads and
; writes of a user page fault with SMAP unless EFLAGS.AC is set (STAC/CLAC, POPF); an implicit
; supervisor access (a descriptor read from an LDT in a user page) faults with SMAP even when AC
; is set.
; Run on a CPU model with SMEP and SMAP (QEMU -cpu max; Plugboard "max").
; Multiboot (a.out kludge) flat binary at 1 MiB; prints on COM1; exits through port 0xf4.
; Build: nasm -f bin -I ../include/ -o smeptest.bin smeptest.asm

PD      equ 0x200000            ; page directory (supervisor memory)
USER    equ 0x400000            ; a 4 MiB user page
CR4_SMEP equ 1 << 20
CR4_SMAP equ 1 << 21

%include "guest.inc"

MULTIBOOT_AOUT 0, load_end, bss_end

%macro EXPECT_FAULT 1           ; where the #PF handler resumes
        mov dword [resume], %1
%endmacro

start:  FLAT32_ENTRY 0x90000
        GATE 14, pf_handler
        lidt [idtr]
        SAY s_start

        SAY s_cpuid                     ; CPUID.(7,0):EBX bits 7 (SMEP) and 20 (SMAP)
        mov eax, 7
        xor ecx, ecx
        cpuid
        mov eax, ebx
        and eax, (1 << 7) | (1 << 20)
        call put_hex8_uc
        call put_lf

        ; paging: 0-4 MiB supervisor, 4-8 MiB user, both 4 MiB pages
        mov edi, PD
        mov ecx, 1024
        xor eax, eax
        rep stosd
        mov dword [PD], 0x00000083
        mov dword [PD + 4], USER | 0x87
        mov byte [USER], 0xc3           ; RET in the user page (written before paging)
        mov dword [USER + 0x100], 0x600dda7a
        mov eax, PD
        mov cr3, eax
        mov eax, cr4
        or eax, 0x10                    ; PSE
        mov cr4, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax

        SAY s_fetch                     ; without SMEP the call works
        call USER
        SAY s_ok
        mov eax, cr4
        or eax, CR4_SMEP
        mov cr4, eax
        SAY s_smep
        EXPECT_FAULT .after_fetch
        call USER
        SAY s_ok
.after_fetch:
        mov esp, 0x90000                ; the faulting CALL had pushed its return address

        SAY s_read                      ; without SMAP supervisor reads and writes of user pages work
        mov eax, [USER + 0x100]
        call put_hex8_uc
        call put_lf
        mov eax, cr4
        or eax, CR4_SMAP
        mov cr4, eax
        SAY s_smap_r
        EXPECT_FAULT .r1
        mov eax, [USER + 0x100]
        SAY s_ok
.r1:    SAY s_smap_w
        EXPECT_FAULT .w1
        mov dword [USER + 0x100], 1
        SAY s_ok
.w1:    SAY s_stac
        stac
        mov eax, [USER + 0x100]
        mov dword [USER + 0x104], 0x12345678
        call put_hex8_uc
        call put_lf
        SAY s_clac
        clac
        EXPECT_FAULT .r2
        mov eax, [USER + 0x104]
        SAY s_ok
.r2:    SAY s_popf                      ; AC through POPF works like STAC
        pushfd
        or dword [esp], 1 << 18
        popfd
        mov eax, [USER + 0x104]
        call put_hex8_uc
        call put_lf

        SAY s_implicit                  ; an LDT in a user page: descriptor reads fault even with AC
        mov esi, gdt                    ; AC is still set: the copy may write the user page
        mov edi, USER + 0x200
        mov ecx, 6
        rep movsd                       ; null, code, data: the data descriptor is LDT entry 2
        mov ax, 0x18
        lldt ax
        stac
        EXPECT_FAULT .i1
        mov ax, 0x14
        mov ds, ax                      ; reads the descriptor from the user page: #PF
        SAY s_ok
.i1:    clac
        SAY s_done
        EXIT

; #PF: prints the error code and CR2 and resumes at [resume]
pf_handler:
        push eax
        push esi
        SAY s_pf
        mov eax, [esp + 8]
        call put_hex4_uc
        SAY s_cr2
        mov eax, cr2
        call put_hex8_uc
        call put_lf
        mov eax, [resume]
        mov [esp + 12], eax
        pop esi
        pop eax
        add esp, 4
        iret

COM1_ROUTINES

FLAT_GDT                        ; 0x08 code, 0x10 data
        dw 0x17, 0x0200, 0x8240, 0              ; 0x18 LDT at USER + 0x200 (3 entries)
gdt_end:
TABLE_REGISTERS
s_start:  db 'smeptest', 10, 0
s_cpuid:  db 'CPUID.7 SMEP/SMAP bits: ', 0
s_fetch:  db 'supervisor call into a user page: ', 0
s_smep:   db 'the same with SMEP: ', 0
s_ok:     db 'ok', 10, 0
s_read:   db 'supervisor read of a user page: ', 0
s_smap_r: db 'read with SMAP: ', 0
s_smap_w: db 'write with SMAP: ', 0
s_stac:   db 'read and write after STAC: ', 0
s_clac:   db 'read after CLAC: ', 0
s_popf:   db 'read with AC set by POPF: ', 0
s_implicit: db 'segment load from an LDT in a user page, AC set: ', 0
s_done:   db 'smeptest done', 10, 0
s_pf:     db '#PF err=', 0
s_cr2:    db ' cr2=', 0
load_end:
align 16
resume:  dd 0
align 16
idt:     times 256 * 8 db 0
bss_end:
