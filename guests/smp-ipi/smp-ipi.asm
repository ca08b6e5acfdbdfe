; smp-ipi: a 32-bit multiboot kernel that starts the application processors with INIT/SIPI and
; sends IPIs between the CPUs, reporting on COM1. Run it with 4 CPUs.
;
;   1. the BSP copies a real-mode trampoline to 0x8000 and sends INIT, then SIPI (vector 0x08)
;      twice, to all excluding self; each AP enters protected mode, enables its local APIC and
;      counts itself in; the BSP waits for 3;
;   2. the BSP sends a fixed IPI (vector 0x50) to each AP by physical APIC ID, waits until every
;      AP has taken it, then broadcasts vector 0x50 to all excluding self;
;   3. on its second IPI each AP sends vector 0x60 + its APIC ID back to APIC ID 0 (one vector per
;      AP: three requests for one vector arriving together would collapse into one IRR bit); the
;      BSP waits until all three arrived.
; Every wait gives up after a bounded spin. It leaves through isa-debug-exit at port 0xf4: 0 when
; every step worked, 1 otherwise.
;
; Build: nasm -f bin -I ../include/ -o smp-ipi.elf smp-ipi.asm   (a multiboot a.out-kludge image at 1 MiB)
;
; --- QEMU TCG (Debian 12 qemu-system-i386 7.2), recorded while writing this program: ---
;   qemu-system-i386 -smp 4 -nographic -no-reboot -kernel smp-ipi.elf \
;     -device isa-debug-exit,iobase=0xf4,iosize=4
;   prints (after SeaBIOS) the lines recorded in expected-qemu.txt, and exits with status 1
;   (it wrote 0 to isa-debug-exit).

%include "guest.inc"

TRAMPOLINE  equ 0x8000
AP_STACKS   equ 0x70000             ; AP n's stack ends at AP_STACKS + (n + 1) * 0x1000
APS         equ 3
IPI_VECTOR  equ 0x50
REPLY_BASE  equ 0x60              ; AP n replies with vector REPLY_BASE + n
ALL_BUT_SELF equ 3 << 18
TIMEOUT     equ 20000000

            MULTIBOOT_AOUT 3, image_end, image_end

start:
            FLAT32_ENTRY_PICS_MASKED stack_top
            call build_idt
            lidt [idtr]
            mov dword [APIC_LINT0], 0x10700
            mov dword [APIC_SVR], 0x1ff
            mov esi, msg_banner
            call puts

            ; 1. INIT, SIPI, SIPI
            mov esi, trampoline
            mov edi, TRAMPOLINE
            mov ecx, trampoline_end - trampoline
            rep movsb
            mov dword [APIC_ICR_HIGH], 0
            mov dword [APIC_ICR_LOW], ALL_BUT_SELF | 0x4500       ; INIT, level assert
            call pause
            mov dword [APIC_ICR_LOW], ALL_BUT_SELF | 0x4600 | (TRAMPOLINE >> 12)
            call pause
            mov dword [APIC_ICR_LOW], ALL_BUT_SELF | 0x4600 | (TRAMPOLINE >> 12)
            mov ecx, TIMEOUT
.started:   cmp dword [ap_count], APS
            je .all_started
            dec ecx
            jnz .started
            jmp fail
.all_started:
            mov esi, msg_started
            call puts

            ; 2. one IPI to each AP by ID, then a broadcast
            sti
            mov ebx, 1
.each:      mov eax, ebx
            shl eax, 24
            mov [APIC_ICR_HIGH], eax
            mov dword [APIC_ICR_LOW], IPI_VECTOR
            mov ecx, TIMEOUT
.taken:     cmp dword [ipi_counts + ebx * 4], 1
            je .next
            dec ecx
            jnz .taken
            jmp fail
.next:      inc ebx
            cmp ebx, APS
            jbe .each
            mov esi, msg_directed
            call puts
            mov dword [APIC_ICR_LOW], ALL_BUT_SELF | IPI_VECTOR

            ; 3. the replies
            mov ecx, TIMEOUT
.replies:   cmp dword [replies], APS
            je .replied
            dec ecx
            jnz .replies
            jmp fail
.replied:   cmp dword [reply_mask], 0xe
            jne fail
            mov ebx, 1
.check:     cmp dword [ipi_counts + ebx * 4], 2
            jne fail
            inc ebx
            cmp ebx, APS
            jbe .check
            mov esi, msg_broadcast
            call puts

            mov esi, msg_ok
            jmp report_ok

            REPORT_ROUTINES

; a short busy wait between the start-up messages
pause:
            mov ecx, 100000
.again:     loop .again
            ret

; ---------------------------------------------------------------- application processors
ap_main:
            mov ax, 0x10
            mov ds, ax
            mov es, ax
            mov ss, ax
            mov eax, [APIC_ID]
            shr eax, 24
            inc eax
            shl eax, 12
            lea esp, [eax + AP_STACKS]
            lidt [idtr]
            mov dword [APIC_SVR], 0x1ff
            lock inc dword [ap_count]
            sti
.idle:      hlt
            jmp .idle

; vector 0x50 on an AP: count; the second one is answered with vector 0x60 + APIC ID to the BSP
on_ipi:
            push eax
            mov eax, [APIC_ID]
            shr eax, 24
            lock inc dword [ipi_counts + eax * 4]
            cmp dword [ipi_counts + eax * 4], 2
            jne .done
.busy:      test dword [APIC_ICR_LOW], 1 << 12  ; wait for the previous IPI to leave
            jnz .busy
            mov dword [APIC_ICR_HIGH], 0
            add eax, REPLY_BASE
            mov [APIC_ICR_LOW], eax
.done:      mov dword [APIC_EOI], 0
            pop eax
            iret

; vectors 0x61-0x63 on the BSP: the replies of APs 1-3
%macro reply_handler 1
on_reply%1:
            lock inc dword [replies]
            lock or dword [reply_mask], 1 << %1
            mov dword [APIC_EOI], 0
            iret
%endmacro
            reply_handler 1
            reply_handler 2
            reply_handler 3

            STRAY_HANDLERS

; every IDT entry points at `unexpected` but the IPI, reply and spurious vectors
build_idt:
            mov eax, unexpected
            call set_all_gates
            mov ecx, IPI_VECTOR
            mov eax, on_ipi
            call set_gate
            mov ecx, REPLY_BASE + 1
            mov eax, on_reply1
            call set_gate
            mov ecx, REPLY_BASE + 2
            mov eax, on_reply2
            call set_gate
            mov ecx, REPLY_BASE + 3
            mov eax, on_reply3
            call set_gate
            mov ecx, 0xff
            mov eax, on_spurious
            ; fall through

            SET_GATE_ROUTINES

            COM1_ROUTINES

; ---------------------------------------------------------------- real-mode trampoline
; Copied to TRAMPOLINE; an AP starts here at CS = TRAMPOLINE >> 4, IP = 0.
bits 16
trampoline:
            cli
            mov ax, cs
            mov ds, ax
            lgdt [trampoline_gdt - trampoline]
            mov eax, cr0
            or eax, 1
            mov cr0, eax
            jmp dword 0x08:ap_main
trampoline_gdt:
            dw gdt_end - gdt - 1
            dd gdt
trampoline_end:
bits 32

            FLAT32_TABLES

msg_banner:     db "smp-ipi: INIT/SIPI start-up and IPIs", 13, 10, 0
msg_started:    db "APs started: 3", 13, 10, 0
msg_directed:   db "directed IPI taken by APIC IDs 1, 2, 3", 13, 10, 0
msg_broadcast:  db "broadcast IPI taken by every AP, replies from APIC IDs 1, 2, 3", 13, 10, 0
msg_ok:         db "smp ok", 13, 10, 0

            align 4
ap_count:   dd 0
replies:    dd 0
reply_mask: dd 0
ipi_counts: times 8 dd 0
            STACK_AND_IMAGE_END 4096
