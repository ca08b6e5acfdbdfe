; lapic-timer: a 32-bit multiboot kernel that drives the local APIC timer in its three modes and
; reports on COM1.
;
;   1. periodic mode, divide by 16, initial count 0x4000: waits (HLT) for 10 interrupts;
;   2. reads the current-count register while the timer runs: it must not exceed the initial
;      count and must move between two reads;
;   3. one-shot mode, initial count 0x1000: one interrupt, then none while the program spins;
;   4. periodic mode with the LVT masked: no interrupt at all;
;   5. an EOI with nothing in service: no effect, the next interrupt still arrives;
;   6. TSC-deadline mode, when CPUID.1:ECX bit 24 advertises it (else it says so): a deadline
;      written to IA32_TSC_DEADLINE (0x6e0) a little ahead of RDTSC fires once, not before the
;      TSC reaches it, and the MSR reads 0 afterwards; writing 0 disarms (nothing comes while the
;      TSC runs past the deadline written before); a deadline already
;      passed fires at once; a deadline far ahead fires soon after a WRMSR to IA32_TSC moves the
;      TSC just short of it.
; The handler for vector 0x40 counts, records the TSC and writes EOI; every other vector but the
; spurious 0xff is a failure. The 8259 and LINT0 are masked first (firmware may have left the
; PIT running). It leaves through isa-debug-exit at port 0xf4: 0 when every step worked, 1
; otherwise.
;
; Build: nasm -f bin -I ../include/ -o lapic-timer.elf lapic-timer.asm   (a multiboot a.out-kludge image at 1 MiB)
; QEMU 7.2 TCG: qemu-system-x86_64 -cpu qemu64,+tsc-deadline -kernel lapic-timer.elf -nographic
;               -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4
;   prints expected-qemu.txt (after SeaBIOS) and exits with status 1 (it wrote 0). TCG drops
;   tsc-deadline ("TCG doesn't support requested feature"), so step 6 reports "not advertised"
;   there; on Plugboard with -cpu qemu64,+tsc-deadline step 6 runs.

%include "guest.inc"

VECTOR      equ 0x40
PERIODIC    equ 1 << 17
MASKED      equ 1 << 16
SPIN        equ 200000
TSC_DEADLINE_MODE equ 2 << 17
IA32_TSC    equ 0x10
IA32_TSC_DEADLINE equ 0x6e0
; TSC ticks ahead. Wide enough that the deadline cannot pass between the WRMSR and the next
; instructions on a slow emulator under load (on Plugboard, 2 ticks per ns: 10 ms and 1 ms).
DEADLINE_AHEAD equ 20000000
DISARM_AHEAD equ 2000000

            MULTIBOOT_AOUT 3, image_end, image_end

start:
            FLAT32_ENTRY_PICS_MASKED stack_top
            call build_idt
            lidt [idtr]
            mov dword [APIC_LINT0], MASKED | 0x700
            mov dword [APIC_SVR], 0x1ff     ; software enable, spurious vector 0xff
            mov esi, msg_banner
            call puts

            ; 1. periodic
            mov dword [APIC_DCR], 0x3       ; divide by 16
            mov dword [APIC_LVT_TIMER], PERIODIC | VECTOR
            mov dword [APIC_INITIAL], 0x4000
            sti
.wait10:    hlt
            cmp dword [ticks], 10
            jb .wait10
            mov esi, msg_periodic
            call puts

            ; 2. the current count while running
            mov eax, [APIC_CURRENT]
            cmp eax, 0x4000                 ; it reads 0x4000 just after a reload
            ja fail
            mov ebx, eax
            mov ecx, 1000
.move:      loop .move
            cmp [APIC_CURRENT], ebx
            je fail
            mov esi, msg_counting
            call puts

            ; 3. one-shot
            cli
            mov dword [APIC_INITIAL], 0
            mov dword [ticks], 0
            mov dword [APIC_LVT_TIMER], VECTOR
            mov dword [APIC_INITIAL], 0x1000
            sti
.wait1:     hlt
            cmp dword [ticks], 1
            jb .wait1
            call spin
            cmp dword [ticks], 1
            jne fail
            cmp dword [APIC_CURRENT], 0
            jne fail
            mov esi, msg_oneshot
            call puts

            ; 4. masked
            mov dword [APIC_LVT_TIMER], MASKED | PERIODIC | VECTOR
            mov dword [APIC_INITIAL], 0x100
            call spin
            mov dword [APIC_INITIAL], 0
            cmp dword [ticks], 1
            jne fail
            mov esi, msg_masked
            call puts

            ; 5. EOI with nothing in service, then one more interrupt
            mov dword [APIC_EOI], 0
            mov dword [APIC_LVT_TIMER], VECTOR
            mov dword [APIC_INITIAL], 0x100
.wait2:     hlt
            cmp dword [ticks], 2
            jb .wait2
            mov esi, msg_eoi
            call puts

            ; 6. TSC deadline
            mov eax, 1
            cpuid
            test ecx, 1 << 24
            jnz tsc_deadline
            mov esi, msg_no_deadline
            call puts
passed:
            mov esi, msg_ok
            jmp report_ok

tsc_deadline:
            cli
            mov dword [ticks], 0
            mov dword [APIC_LVT_TIMER], TSC_DEADLINE_MODE | VECTOR
            mov ecx, IA32_TSC_DEADLINE
            rdtsc
            add eax, DEADLINE_AHEAD
            adc edx, 0
            mov [deadline], eax
            mov [deadline + 4], edx
            wrmsr
            rdmsr                           ; reads back while armed
            cmp eax, [deadline]
            jne fail
            cmp edx, [deadline + 4]
            jne fail
            mov ebx, 1
            call wait_ticks
            mov eax, [fired_at]             ; the TSC in the handler is not below the deadline
            mov edx, [fired_at + 4]
            sub eax, [deadline]
            sbb edx, [deadline + 4]
            jc fail
            mov ecx, IA32_TSC_DEADLINE
            rdmsr                           ; cleared when it fired
            or eax, edx
            jnz fail
            call spin
            cmp dword [ticks], 1
            jne fail
            mov esi, msg_deadline
            call puts

            mov ecx, IA32_TSC_DEADLINE      ; arm, disarm by writing 0, wait past the deadline
            rdtsc
            add eax, DISARM_AHEAD
            adc edx, 0
            mov [deadline], eax
            mov [deadline + 4], edx
            wrmsr
            xor eax, eax
            xor edx, edx
            wrmsr
.past:      rdtsc
            sub eax, [deadline]
            sbb edx, [deadline + 4]
            jc .past
            cmp dword [ticks], 1
            jne fail
            mov esi, msg_disarmed
            call puts

            mov ecx, IA32_TSC_DEADLINE      ; TSC value 1 passed long ago
            mov eax, 1
            xor edx, edx
            wrmsr
            mov ebx, 2
            call wait_ticks
            mov esi, msg_passed
            call puts

            cli                             ; a deadline 2^40 ticks ahead, then the TSC moved to 1000 short of it
            rdtsc
            add edx, 0x100
            mov [deadline], eax
            mov [deadline + 4], edx
            mov ecx, IA32_TSC_DEADLINE
            wrmsr
            sub eax, 1000
            sbb edx, 0
            mov ecx, IA32_TSC
            wrmsr
            mov ebx, 3
            call wait_ticks
            mov eax, [fired_at]             ; fired not before the deadline and well within 2^32 ticks of it
            mov edx, [fired_at + 4]
            sub eax, [deadline]
            sbb edx, [deadline + 4]
            jnz fail
            mov esi, msg_moved
            call puts
            jmp passed

; halts with interrupts on until `ticks` reaches ebx; checks and sleeps with interrupts off in
; between, so an interrupt cannot slip in after the check and leave HLT waiting forever
wait_ticks:
            cli
            cmp [ticks], ebx
            jae .done
            sti
            hlt
            jmp wait_ticks
.done:      sti
            ret

            REPORT_ROUTINES

; busy-waits long enough for several timer periods
spin:
            mov ecx, SPIN
.again:     loop .again
            ret

; every IDT entry points at `unexpected`, except the timer vector and the spurious vector
build_idt:
            mov eax, unexpected
            call set_all_gates
            mov ecx, VECTOR
            mov eax, on_timer
            call set_gate
            mov ecx, 0xff
            mov eax, on_spurious
            jmp set_gate

on_timer:
            push eax
            push edx
            rdtsc
            mov [fired_at], eax
            mov [fired_at + 4], edx
            pop edx
            pop eax
            inc dword [ticks]
            mov dword [APIC_EOI], 0
            iret

            STRAY_HANDLERS
            SET_GATE_ROUTINES

            COM1_ROUTINES
            FLAT32_TABLES

msg_banner:     db "lapic-timer: local APIC timer", 13, 10, 0
msg_periodic:   db "periodic: 10 interrupts", 13, 10, 0
msg_counting:   db "current count within initial and moving", 13, 10, 0
msg_oneshot:    db "one-shot: 1 interrupt, count 0", 13, 10, 0
msg_masked:     db "masked: no interrupt", 13, 10, 0
msg_eoi:        db "EOI with nothing in service: harmless", 13, 10, 0
msg_no_deadline: db "tsc-deadline: not advertised", 13, 10, 0
msg_deadline:   db "tsc-deadline: 1 interrupt, not before the deadline, MSR cleared", 13, 10, 0
msg_disarmed:   db "tsc-deadline: writing 0 disarms", 13, 10, 0
msg_passed:     db "tsc-deadline: a deadline already passed fires at once", 13, 10, 0
msg_moved:      db "tsc-deadline: follows a WRMSR to IA32_TSC", 13, 10, 0
msg_ok:         db "timer ok", 13, 10, 0

ticks:      dd 0
            align 8
deadline:   dq 0
fired_at:   dq 0
            STACK_AND_IMAGE_END 4096
