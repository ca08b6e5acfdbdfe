; segtest.asm -- segment protection checks that QEMU TCG does not model (it ignores data-segment
; limits, types and null selectors on access), so the expected transcript (segtest.expected) is
; written from the SDM, vol. 3, 5.3-5.6 and the MOV/POP pseudo-code, not taken from QEMU.
; Multiboot (a.out kludge) flat binary at 1 MiB; prints on COM1; exits through port 0xf4.
; Build: nasm -f bin -I ../include/ -o segtest.bin segtest.asm

%include "guest.inc"

MULTIBOOT_AOUT 0, load_end, bss_end

%macro EXPECT_FAULT 1+          ; runs the instruction(s); a fault handler resumes after them
        mov dword [resume], %%next
        %1
%%next:
%endmacro

start:  FLAT32_ENTRY 0x90000
        mov ecx, 13             ; #GP
        mov eax, fault
        call set_gate
        mov ecx, 12             ; #SS
        call set_gate
        mov ecx, 11             ; #NP
        call set_gate
        lidt [idtr]
        mov esi, s_start
        call puts

        mov ax, 0x18            ; read-only data
        mov es, ax
        EXPECT_FAULT mov [es:0x100], eax            ; write: #GP(0)
        mov eax, [es:0x100]                         ; read: fine
        mov ax, 0x20            ; data, limit 0xfff
        mov es, ax
        mov eax, [es:0xffc]                         ; last dword: fine
        EXPECT_FAULT mov eax, [es:0xffd]            ; crosses the limit: #GP(0)
        mov ax, 0x28            ; expand-down data, limit 0xfff, D/B=1
        mov es, ax
        EXPECT_FAULT mov eax, [es:0x800]            ; at or below the limit: #GP(0)
        mov eax, [es:0x1000]                        ; above: fine
        xor ax, ax              ; null selector: the load is allowed...
        mov es, ax
        EXPECT_FAULT mov eax, [es:0]                ; ...the access is #GP(0)
        EXPECT_FAULT mov es, [sel_code_xo]          ; execute-only code: #GP(0x30)
        EXPECT_FAULT mov ss, [sel_user_data]        ; DPL 3 stack at CPL 0: #GP(0x3b)
        EXPECT_FAULT mov es, [sel_not_present]      ; #NP(0x40)
        EXPECT_FAULT mov ss, [sel_null]             ; null SS: #GP(0)
        mov ax, 0x20            ; SS with limit 0xfff
        mov ss, ax
        mov esp, 0x800
        push eax                                    ; inside the limit: fine
        EXPECT_FAULT mov eax, [ss:0x2000]           ; beyond it, through SS: #SS(0)
        mov ax, 0x10
        mov ss, ax
        mov esp, 0x90000
        mov esi, s_done
        call puts
        EXIT

SET_GATE_ROUTINES

fault:  ; error code on the stack; prints "fault err=XXXX" and resumes
        push eax
        mov ax, 0x10
        mov ds, ax
        mov esi, s_fault
        call puts
        mov eax, [esp + 4]
        call put_hex4_uc
        mov al, 10
        call putc
        mov eax, [resume]
        mov [esp + 8], eax
        pop eax
        add esp, 4
        iret

COM1_ROUTINES

FLAT_GDT                        ; 0x08 code, 0x10 data
        dq 0x00cf90000000ffff   ; 0x18 read-only data
        dq 0x0040920000000fff   ; 0x20 data, limit 0xfff
        dq 0x0040960000000fff   ; 0x28 expand-down data, limit 0xfff
        dq 0x00cf98000000ffff   ; 0x30 execute-only code
        dq 0x00cff2000000ffff   ; 0x38 data, DPL 3
        dq 0x00cf12000000ffff   ; 0x40 data, not present
gdt_end:
TABLE_REGISTERS
sel_code_xo:     dw 0x30
sel_user_data:   dw 0x3b
sel_not_present: dw 0x40
sel_null:        dw 0
s_start: db 'segtest', 10, 0
s_fault: db 'fault err=', 0
s_done:  db 'segtest done', 10, 0
load_end:
align 16
resume:  dd 0
idt:     times 256 * 8 db 0
bss_end:
