; segtest.asm -- segment protection checks that QEMU TCG does not model (it ignores data-segment
; limits, types and null selectors on access), so the expected transcript (segtest.expected) is
; written from the SDM, vol. 3, 5.3-5.6 and the MOV/POP pseudo-code, not taken from QEMU.
; Multiboot (a.out kludge) flat binary at 1 MiB; prints on COM1; exits through port 0xf4.
; Build: nasm -f bin -o segtest.bin segtest.asm

bits 32
org 0x100000

mb:     dd 0x1badb002, 0x00010000, -(0x1badb002 + 0x00010000)
        dd mb, mb, load_end, bss_end, start

%macro EXPECT_FAULT 1+          ; runs the instruction(s); a fault handler resumes after them
        mov dword [resume], %%next
        %1
%%next:
%endmacro

start:  cli
        lgdt [gdtr]
        jmp 0x08:.pm
.pm:    mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x90000
        mov ecx, 13             ; #GP
        mov eax, fault
        call gate
        mov ecx, 12             ; #SS
        call gate
        mov ecx, 11             ; #NP
        call gate
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
        mov dx, 0xf4
        mov al, 0
        out dx, al
        hlt

gate:   mov [idt + ecx*8], ax
        mov word [idt + ecx*8 + 2], 0x08
        mov word [idt + ecx*8 + 4], 0x8e00
        push eax
        shr eax, 16
        mov [idt + ecx*8 + 6], ax
        pop eax
        ret

fault:  ; error code on the stack; prints "fault err=XXXX" and resumes
        push eax
        mov ax, 0x10
        mov ds, ax
        mov esi, s_fault
        call puts
        mov eax, [esp + 4]
        call puthex4
        mov al, 10
        call putc
        mov eax, [resume]
        mov [esp + 8], eax
        pop eax
        add esp, 4
        iret

%include "serial.inc.asm"

align 8
gdt:    dq 0
        dq 0x00cf9a000000ffff   ; 0x08 code
        dq 0x00cf92000000ffff   ; 0x10 data
        dq 0x00cf90000000ffff   ; 0x18 read-only data
        dq 0x0040920000000fff   ; 0x20 data, limit 0xfff
        dq 0x0040960000000fff   ; 0x28 expand-down data, limit 0xfff
        dq 0x00cf98000000ffff   ; 0x30 execute-only code
        dq 0x00cff2000000ffff   ; 0x38 data, DPL 3
        dq 0x00cf12000000ffff   ; 0x40 data, not present
gdt_end:
gdtr:   dw gdt_end - gdt - 1
        dd gdt
idtr:   dw 256 * 8 - 1
        dd idt
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
