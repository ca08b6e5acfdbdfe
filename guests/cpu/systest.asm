; systest.asm -- system-behaviour guest for the x86 interpreter: protected mode, faults and their
; error codes, paging, privilege changes (interrupt gates, SYSENTER/SYSEXIT), a round trip through
; real mode, long mode with SYSCALL/SYSRET and compatibility mode, double fault, triple fault.
; Multiboot (a.out kludge) flat binary at 1 MiB; prints on COM1; ends with a deliberate triple fault.
; Build: nasm -f bin -I ../include/ -o systest.bin systest.asm

STACK0  equ 0x90000             ; ring-0 stack
STACK3  equ 0x80000             ; ring-3 stack
PD32    equ 0x200000            ; 32-bit page directory
PT32    equ 0x201000            ; page table for 4-8 MiB
PML4    equ 0x210000
PDPT    equ 0x220000            ; PAE tables (PDPT, PD, PT)
REALBASE equ 0x8000             ; where the real-mode snippet runs
%define R(x) ((x) - real_start + REALBASE)

%include "guest.inc"

MULTIBOOT_AOUT 0, load_end, bss_end

start:  FLAT32_ENTRY STACK0
        mov esi, s_start
        call puts
        call setup_idt
        lidt [idtr]

; ---- faults in protected mode (ring 0) ----
        mov dword [resume], .f1
        ud2
.f1:    mov dword [resume], .f2
        int3
.f2:    mov dword [resume], .f3
        mov ax, 0x1f8           ; GDT index beyond the limit
        mov ds, ax
.f3:    mov dword [resume], .f4
        xor edx, edx
        mov eax, 1
        xor ecx, ecx
        div ecx
.f4:    mov dword [resume], .f7
        int 0x83                ; gate not present: #NP(0x83*8+2)
.f7:    ; double fault: #GP whose gate is not present raises #NP during delivery
        and byte [idt + 13*8 + 5], 0x7f
        mov dword [resume], .f8
        mov ax, 0x1f8
        mov ds, ax
.f8:    or byte [idt + 13*8 + 5], 0x80
        mov dword [resume], .f9
        db 0xf0, 0x01, 0xd8     ; lock add eax, ebx: LOCK needs a memory destination, #UD
.f9:    mov dword [resume], .f10
        pushfd
        or dword [esp], 0x100   ; TF: the instruction after POPF traps (#DB)
        popfd
        nop
.f10:   mov ecx, 3              ; self-modifying code, patched inside the block that runs it
.smc:   mov byte [.imm + 1], cl
        add byte [.imm + 1], '0'
.imm:   mov al, '?'
        call putc
        loop .smc
        call put_lf
        mov esi, s_pm_done
        call puts

; ---- paging: 4 MiB identity page + 4 KiB pages for 4-8 MiB ----
        mov edi, PD32
        mov ecx, 2048
        xor eax, eax
        rep stosd
        mov dword [PD32], 0x87              ; 4 MiB page, user, writable
        mov dword [PD32 + 4], PT32 | 7
        mov edi, PT32
        mov eax, 0x400007
        mov ecx, 1024
.pt:    stosd
        add eax, 0x1000
        loop .pt
        mov dword [PT32 + 0x100*4], 0                ; 0x500000 not present
        mov dword [PT32 + 0x101*4], 0x501000 | 5     ; 0x501000 read-only, user
        mov dword [PT32 + 0x102*4], 0x502000 | 3     ; 0x502000 supervisor only
        mov eax, cr4
        or eax, 0x10                                 ; PSE
        mov cr4, eax
        mov eax, PD32
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80010000                           ; PG | WP
        mov cr0, eax
        mov esi, s_paging
        call puts
        mov dword [resume], .p1
        mov eax, [0x500000]
.p1:    mov dword [resume], .p2
        mov dword [0x501000], 1
.p2:    mov dword [0x503000], 7                      ; sets accessed and dirty
        mov esi, s_ad
        call puts
        mov eax, [PT32 + 0x103*4]
        and eax, 0x60
        call put_hex8_uc
        call put_lf
        mov dword [PT32 + 0x103*4], 0                ; unmapped, but still cached...
        invlpg [0x503000]                            ; ...until INVLPG
        mov dword [resume], .p3
        mov eax, [0x503000]
.p3:

; ---- ring 3 through IRET, back through gates ----
        mov dword [tss + 4], STACK0
        mov dword [tss + 8], 0x10
        mov ax, 0x28
        ltr ax
        mov esi, s_user
        call puts
        push 0x23
        push STACK3
        push 0x002
        push 0x1b
        push user1
        iret
user1:  mov ax, 0x23            ; IRET to ring 3 made the ring-0 data selectors null
        mov ds, ax
        mov es, ax
        int 0x80                ; DPL 3 gate: allowed
        mov dword [resume], .u1
        cli                     ; IOPL 0: #GP(0)
.u1:    mov dword [resume], .u2
        in al, 0x80             ; #GP(0)
.u2:    mov dword [resume], .u3
        mov eax, [0x502000]     ; supervisor page: #PF(5)
.u3:    mov dword [resume], .u4
        int 0x81                ; DPL 0 gate: #GP(0x81*8+2)
.u4:    int 0x82                ; back to ring 0
back0:  mov esp, STACK0
        mov ax, 0x10
        mov ds, ax
        mov es, ax

; ---- SYSENTER / SYSEXIT ----
        mov ecx, 0x174
        xor edx, edx
        mov eax, 0x08
        wrmsr
        inc ecx
        mov eax, STACK0 - 0x100
        wrmsr
        inc ecx
        mov eax, sysenter_target
        wrmsr
        mov ecx, STACK3
        mov edx, user2
        sysexit
user2:  mov eax, cs
        mov [user_cs], eax
        sysenter
sysenter_target:
        mov esi, s_sysexit
        call puts
        mov eax, [user_cs]
        call put_hex8_uc
        call put_lf

; ---- real mode and back ----
        mov eax, cr0
        and eax, 0x7fffffff
        mov cr0, eax
        mov esi, real_start
        mov edi, REALBASE
        mov ecx, real_end - real_start
        rep movsb
        jmp 0x40:R(pm16)
back32: mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, STACK0
        lidt [idtr]
        mov esi, s_back
        call puts

; ---- PAE paging (3 levels, 2 MiB and 4 KiB pages) with NX ----
        mov edi, PDPT
        mov ecx, 3 * 1024
        xor eax, eax
        rep stosd
        mov dword [PDPT], PDPT + 0x1001                 ; PDPTEs have only P (RW/US are reserved)
        mov dword [PDPT + 0x1000], 0x83                 ; 0-2 MiB
        mov dword [PDPT + 0x1008], 0x200083             ; 2-4 MiB
        mov dword [PDPT + 0x1010], PDPT + 0x2003        ; 4-6 MiB through a page table
        mov edi, PDPT + 0x2000
        mov eax, 0x400003
        mov ecx, 512
.pae:   mov [edi], eax
        add eax, 0x1000
        add edi, 8
        loop .pae
        mov dword [PDPT + 0x2000 + 0x100 * 8], 0x503003         ; 0x500000 aliases 0x503000
        mov dword [PDPT + 0x2000 + 0x101 * 8 + 4], 0x80000000   ; 0x501000: NX
        mov byte [0x501000], 0xc3
        mov ecx, 0xc0000080
        rdmsr
        or eax, 0x800           ; NXE
        wrmsr
        mov eax, cr4
        or eax, 0x20
        mov cr4, eax
        mov eax, PDPT
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        mov dword [0x503000], 0x600dcafe
        mov esi, s_pae
        call puts
        mov eax, [0x500000]
        call put_hex8_uc
        call put_lf
        mov dword [resume], .nx
        jmp 0x501000            ; no-execute page: #PF(0x11)
.nx:    mov eax, cr0
        and eax, 0x7fffffff
        mov cr0, eax

; ---- long mode ----
        mov edi, PML4
        mov ecx, 3 * 1024
        xor eax, eax
        rep stosd
        mov dword [PML4], PML4 + 0x1007
        mov dword [PML4 + 0x1000], PML4 + 0x2007
        mov edi, PML4 + 0x2000
        mov eax, 0x87
        mov ecx, 4
.pd:    mov [edi], eax
        add eax, 0x200000
        add edi, 8
        loop .pd
        mov eax, cr4
        or eax, 0x20            ; PAE
        mov cr4, eax
        mov eax, PML4
        mov cr3, eax
        mov ecx, 0xc0000080
        rdmsr
        or eax, 0x101           ; LME | SCE
        wrmsr
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        jmp 0x50:lm64

; ---- 32-bit helpers ----
COM1_ROUTINES

setup_idt:                      ; 32 exception gates, 0x80 (DPL3), 0x81 (DPL0), 0x82 (DPL3), 0x83 (not present)
        xor ecx, ecx
.g:     mov eax, [stubs + ecx*4]
        mov ebx, 0x8e00
        call set_gate_type
        inc ecx
        cmp ecx, 32
        jb .g
        mov ecx, 0x80
        mov eax, int80
        mov ebx, 0xef00
        call set_gate_type
        mov ecx, 0x81
        mov eax, int80
        mov ebx, 0x8e00
        call set_gate_type
        mov ecx, 0x82
        mov eax, int82
        mov ebx, 0xee00
        call set_gate_type
        mov ecx, 0x83
        mov eax, int80
        mov ebx, 0x0e00
        call set_gate_type
        ret
SET_GATE_ROUTINES

%macro STUB 1
stub%1:
%if %1 != 8 && (%1 < 10 || %1 > 14) && %1 != 17
        push 0
%endif
        push %1
        jmp exc_common
%endmacro
%assign v 0
%rep 32
STUB v
%assign v v+1
%endrep
stubs:
%assign v 0
%rep 32
        dd stub %+ v
%assign v v+1
%endrep

exc_common:                     ; prints "#vv err=eeeeeeee [cr2=...]" and resumes at [resume]
        pusha
        push ds
        mov ax, 0x10
        mov ds, ax
        mov al, '#'
        call putc
        mov eax, [esp + 36]
        call put_hex2_uc
        mov esi, s_err
        call puts
        mov eax, [esp + 40]
        call put_hex8_uc
        cmp dword [esp + 36], 14
        jne .n
        mov esi, s_cr2
        call puts
        mov eax, cr2
        call put_hex8_uc
.n:     call put_lf
        cmp dword [esp + 36], 1
        jne .r
        and dword [esp + 52], ~0x100    ; #DB: stop single-stepping
.r:     mov eax, [resume]
        mov [esp + 44], eax
        pop ds
        popa
        add esp, 8
        iret

int80:  push eax
        mov esi, s_int80
        call puts
        mov eax, [esp + 8]      ; saved CS
        and eax, 3
        call put_hex2_uc
        call put_lf
        pop eax
        iret
int82:  jmp back0

; ---- real-mode snippet (copied to REALBASE) ----
bits 16
real_start:
pm16:   mov ax, 0x48
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov eax, cr0
        and eax, 0xfffffffe
        mov cr0, eax
        jmp 0:R(rm)
rm:     xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7000
        lidt [R(ivtr)]
        mov word [0x40*4], R(rm_int40)
        mov word [0x40*4 + 2], 0
        mov word [0], R(rm_de)
        mov word [2], 0
        int 0x40
        mov bl, 0
        div bl                  ; #DE through the IVT
        mov si, R(s_real)
.p:     lodsb
        test al, al
        jz .e
        mov dx, COM1
        out dx, al
        jmp .p
.e:     mov al, [R(count)]
        add al, '0'
        out dx, al
        mov al, 10
        out dx, al
        cli
        mov eax, cr0
        or eax, 1
        mov cr0, eax
        jmp dword 0x08:back32
rm_int40:
        inc byte [R(count)]
        iret
rm_de:  push bp
        mov bp, sp
        add word [bp + 2], 2    ; skip the two-byte DIV
        pop bp
        inc byte [R(count)]
        iret
ivtr:   dw 0x3ff
        dd 0
count:  db 0
s_real: db 'real mode: int and #DE through the IVT, count=', 0
real_end:

; ---- 64-bit ----
bits 64
lm64:   mov ax, 0x58
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov rsp, STACK0
        mov rsi, s_long
        call puts64
        ; 64-bit IDT: #UD, #GP, #PF to one handler
        mov rdi, idt64
        mov rax, exc64_ud
        mov ecx, 6
        call gate64
        mov rax, exc64_err
        mov ecx, 13
        call gate64
        mov ecx, 14
        call gate64
        lidt [idtr64]
        mov rax, tss64          ; a 64-bit TSS: RSP0 for interrupts from ring 3
        mov [gdt + 0x78 + 2], ax
        shr rax, 16
        mov [gdt + 0x78 + 4], al
        mov [gdt + 0x78 + 7], ah
        mov qword [tss64 + 4], STACK0 - 0x1000
        mov ax, 0x78
        ltr ax
        mov qword [resume], .l1
        ud2
.l1:    mov qword [resume], .l2
        mov rax, [0x40000000]   ; beyond the mapped 8 MiB: #PF(0)
.l2:    mov qword [resume], .l3
        mov rax, 0x8000000000000000
        mov rax, [rax]          ; non-canonical: #GP(0)
.l3:
        ; compatibility mode and back
        push 0x08
        push compat
        retfq
bits 32
compat: mov eax, 0x12345678
        bswap eax
        mov [compat_result], eax
        jmp 0x50:.back
bits 64
.back:  mov rsi, s_compat
        call puts64
        mov eax, [compat_result]
        call puthex64_8
        call putnl64
        ; SYSCALL / SYSRET
        mov ecx, 0xc0000081
        xor eax, eax
        mov edx, 0x00600050     ; SYSRET base 0x60, SYSCALL CS 0x50
        wrmsr
        inc ecx
        mov rax, syscall_target
        mov rdx, rax
        shr rdx, 32
        wrmsr
        mov ecx, 0xc0000084
        mov eax, 0x200          ; FMASK: IF
        xor edx, edx
        wrmsr
        push 0x6b
        push STACK3
        push 0x046              ; IF stays clear: QEMU's timer would otherwise interrupt at random
        push 0x73
        push user64
        iretq
user64: mov qword [resume], .u1
        ud2                     ; from ring 3: the handler runs on RSP0 of the 64-bit TSS
.u1:    mov r15, cs
        syscall
user64_after:
syscall_target:
        mov rsp, STACK0
        mov r14, rcx            ; the helpers below use rcx
        mov rsi, s_syscall
        call puts64
        mov rax, r15            ; user CS
        call puthex64_8
        mov al, ' '
        call putc64
        mov rax, r14
        mov rdx, user64_after
        sub rax, rdx            ; 0 when RCX holds the return address
        call puthex64_8
        mov al, ' '
        call putc64
        mov rax, r11            ; user RFLAGS
        call puthex64_8
        call putnl64
        mov rsi, s_triple
        call puts64
        lidt [idtr_empty]
        int3                    ; no IDT: #GP, #DF, shutdown

gate64:                         ; rcx = vector, rax = handler
        mov rdx, rcx
        shl rdx, 4
        mov [idt64 + rdx], ax
        mov word [idt64 + rdx + 2], 0x50
        mov word [idt64 + rdx + 4], 0x8e00
        mov rbx, rax
        shr rbx, 16
        mov [idt64 + rdx + 6], bx
        shr rbx, 16
        mov [idt64 + rdx + 8], ebx
        ret
exc64_ud:
        push 0
exc64_err:
        mov al, '#'
        call putc64
        mov rsi, s_err
        call puts64
        mov rax, [rsp]
        call puthex64_8
        mov rsi, s_cr2
        call puts64
        mov rax, cr2
        call puthex64_8
        call putnl64
        mov rax, [resume]
        mov [rsp + 8], rax
        add rsp, 8
        iretq
puts64: lodsb
        test al, al
        jz .e
        call putc64
        jmp puts64
.e:     ret
putc64: push rdx
        push rax
        mov dx, COM1 + 5
.w:     in al, dx
        test al, 0x20
        jz .w
        pop rax
        mov dx, COM1
        out dx, al
        pop rdx
        ret
putnl64:
        mov al, 10
        jmp putc64
puthex64_8:
        mov ecx, 8
.l:     rol eax, 4
        push rax
        and al, 15
        add al, '0'
        cmp al, '9'
        jbe .d
        add al, 7
.d:     call putc64
        pop rax
        loop .l
        ret

; ---- data ----
FLAT_GDT                        ; 0x08 code32, 0x10 data, ring 0
        dq 0x00cffa000000ffff   ; 0x18 code32, ring 3
        dq 0x00cff2000000ffff   ; 0x20 data, ring 3
        dw 0x67, tss - 0x100000, 0x8910, 0x0000  ; 0x28 TSS: base = 1 MiB + offset (the image is < 64 KiB)
        dq 0x00cf90000000ffff   ; 0x30 read-only data (segtest.asm)
        dq 0x0040920000000fff   ; 0x38 data, limit 4 KiB - 1, byte granular (segtest.asm)
        dq 0x00009a000000ffff   ; 0x40 code16
        dq 0x000092000000ffff   ; 0x48 data16
        dq 0x00af9a000000ffff   ; 0x50 code64, ring 0
        dq 0x00cf92000000ffff   ; 0x58 data, ring 0
        dq 0x00cffa000000ffff   ; 0x60 code32, ring 3 (SYSRET to 32-bit)
        dq 0x00cff2000000ffff   ; 0x68 data, ring 3
        dq 0x00affa000000ffff   ; 0x70 code64, ring 3
        dw 0x67, 0, 0x8900, 0   ; 0x78 64-bit TSS (16 bytes; base filled in at run time)
        dq 0
gdt_end:
TABLE_REGISTERS
idtr64: dw 256 * 16 - 1
        dq idt64
idtr_empty:
        dw 0
        dq 0
s_start:   db 'systest: protected mode', 10, 0
s_pm_done: db 'protected-mode faults done', 10, 0
s_paging:  db 'paging on', 10, 0
s_ad:      db 'accessed+dirty bits: ', 0
s_user:    db 'ring 3', 10, 0
s_int80:   db 'int 0x80 from cpl ', 0
s_sysexit: db 'sysexit/sysenter, user cs=', 0
s_back:    db 'back in protected mode', 10, 0
s_pae:     db 'PAE paging, alias reads ', 0
s_long:    db 'long mode', 10, 0
s_compat:  db 'compatibility mode bswap: ', 0
s_syscall: db 'syscall: user cs, rcx-ret, r11 = ', 0
s_triple:  db 'triple fault next', 10, 0
s_err:     db ' err=', 0
s_cr2:     db ' cr2=', 0
load_end:
align 16
resume:    dq 0
user_cs:   dd 0
compat_result: dd 0
align 16
tss:       times 0x68 db 0
tss64:     times 0x68 db 0
align 16
idt:       times 256 * 8 db 0
idt64:     times 256 * 16 db 0
bss_end:
