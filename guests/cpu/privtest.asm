; privtest.asm -- privilege machinery: the TSS I/O permission bitmap, a call gate with a
; parameter from ring 3 to ring 0 and RETF back, virtual-8086 mode entered by IRET, INT from
; virtual-8086 mode to a ring-0 handler, and IOPL/HLT in virtual-8086 mode.
; Multiboot (a.out kludge) flat binary at 1 MiB; prints on COM1; exits through port 0xf4.
; Build: nasm -f bin -I ../include/ -o privtest.bin privtest.asm

STACK0  equ 0x90000
STACK3  equ 0x80000
V86SEG  equ 0x0900              ; virtual-8086 code runs at 0900:0000 = 0x9000

%include "guest.inc"

MULTIBOOT_AOUT 0, load_end, bss_end

start:  FLAT32_ENTRY STACK0
        mov eax, gp_handler
        mov ecx, 13
        mov ebx, 0x8e00
        call set_gate_type
        mov eax, int30
        mov ecx, 0x30
        mov ebx, 0xee00
        call set_gate_type
        mov eax, int31
        mov ecx, 0x31
        mov ebx, 0xee00
        call set_gate_type
        lidt [idtr]
        ; TSS: ring-0 stack, I/O bitmap allowing only COM1 (0x3f8-0x3ff)
        mov dword [tss + 4], STACK0
        mov dword [tss + 8], 0x10
        mov word [tss + 0x66], 0x68
        mov edi, tss + 0x68
        mov ecx, 8192 + 1
        mov al, 0xff
        rep stosb
        mov byte [tss + 0x68 + 0x3f8 / 8], 0
        mov ax, 0x28
        ltr ax
        mov esi, s_start
        call puts
        push 0x23
        push STACK3
        push 0x002              ; IOPL 0: ports only through the bitmap
        push 0x1b
        push ring3
        iret

ring3:  mov ax, 0x23
        mov ds, ax
        mov es, ax
        mov esi, s_ring3
        call puts               ; COM1 is allowed by the bitmap
        mov dword [resume], .r1
        in al, 0x80             ; not in the bitmap: #GP(0)
.r1:    push dword 0x1234
        call 0x33:0             ; call gate (DPL 3) to ring 0, one parameter
        mov esi, s_back3
        call puts
        mov eax, cs
        call put_hex4_uc
        call put_lf
        int 0x31                ; on to virtual-8086 mode

gate_target:                    ; ring 0 through the call set_gate_type
        mov esi, s_gate
        call puts
        mov eax, cs
        and eax, 3
        call put_hex4_uc
        mov al, ' '
        call putc
        mov eax, [esp + 8]      ; the copied parameter
        call put_hex4_uc
        mov al, ' '
        call putc
        mov eax, [esp + 16]     ; the caller's SS
        call put_hex4_uc
        call put_lf
        retf 4

int31:  mov ax, 0x10            ; ring 0: copy the v86 code and IRET into virtual-8086 mode
        mov ds, ax
        mov es, ax
        mov esi, v86_start
        mov edi, V86SEG * 16
        mov ecx, v86_end - v86_start
        rep movsb
        mov dword [phase], 1
        push 0                  ; GS
        push 0                  ; FS
        push V86SEG             ; DS
        push V86SEG             ; ES
        push V86SEG             ; SS
        push 0x0ffe             ; SP
        push 0x23002            ; VM, IOPL 3
        push V86SEG             ; CS
        push 0                  ; IP
        iret

int30:  push ds                 ; INT 0x30 from virtual-8086 mode: frame has VM set
        push eax
        mov ax, 0x10
        mov ds, ax
        mov esi, s_int30
        call puts
        mov eax, [esp + 8 + 4]  ; saved CS
        call put_hex4_uc
        mov al, ' '
        call putc
        mov eax, [esp + 8 + 8]  ; saved EFLAGS
        shr eax, 17
        and eax, 1              ; VM
        call put_hex4_uc
        call put_lf
        pop eax
        pop ds
        iret

gp_handler:
        push eax
        push ds                 ; a ring-0 DS left behind would be nulled by the IRET to ring 3
        mov ax, 0x10
        mov ds, ax
        mov esi, s_gp
        call puts
        mov eax, [esp + 8]      ; error code
        call put_hex4_uc
        call put_lf
        cmp dword [phase], 1
        je .done
        mov eax, [resume]
        mov [esp + 12], eax
        pop ds
        pop eax
        add esp, 4
        iret
.done:  mov esi, s_done
        call puts
        EXIT

; ---- helpers (any ring: COM1 is in the bitmap) ----
COM1_ROUTINES

SET_GATE_ROUTINES

; ---- virtual-8086 code (copied to 0x9000) ----
bits 16
v86_start:
        mov si, v86_msg - v86_start
.p:     lodsb
        test al, al
        jz .e
        mov dx, COM1            ; the bitmap applies in virtual-8086 mode whatever IOPL is
        out dx, al
        jmp .p
.e:     int 0x30                ; IOPL 3: through the IDT to ring 0
        cli                     ; IOPL 3: allowed
        hlt                     ; privileged: #GP(0), which ends the test
v86_msg: db 'v86 mode', 10, 0
v86_end:
bits 32

FLAT_GDT                        ; 0x08 code, 0x10 data
        dq 0x00cffa000000ffff   ; 0x18 code, ring 3
        dq 0x00cff2000000ffff   ; 0x20 data, ring 3
        dw 0x2068, tss - 0x100000, 0x8910, 0x0000   ; 0x28 TSS with its bitmap (image < 64 KiB)
        dw gate_target - 0x100000, 0x08, 0xec01, 0x0010 ; 0x30 call gate, DPL 3, 1 parameter
gdt_end:
TABLE_REGISTERS
s_start: db 'privtest', 10, 0
s_ring3: db 'ring 3: COM1 through the I/O bitmap', 10, 0
s_gp:    db '#GP err=', 0
s_gate:  db 'call gate: cpl, parameter, caller ss = ', 0
s_back3: db 'back in ring 3, cs=', 0
s_int30: db 'int 0x30 from v86: cs, vm = ', 0
s_done:  db 'privtest done', 10, 0
load_end:
align 16
resume:  dd 0
phase:   dd 0
align 16
tss:     times 0x68 + 8192 + 1 db 0
align 16
idt:     times 256 * 8 db 0
bss_end:
