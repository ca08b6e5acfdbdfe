; hpet-ioapic: a 32-bit multiboot kernel that takes HPET interrupts through the IOAPIC, in edge and
; level mode, with legacy replacement routing off and on, and reports on COM1.
;
;   1. prints the HPET capabilities and the IOAPIC version register;
;   2. HPET timer 0 periodic (32-bit, set-value), routed to GSI 2, IOAPIC pin 2 edge-triggered:
;      five interrupts;
;   3. legacy replacement on: timer 1 one-shot arrives on IRQ8 (pin 8) and timer 0 one-shot on
;      IRQ0 (pin 2), once each; then timer 0 periodic, its route field naming GSI 20, arrives on
;      IRQ0 three times (legacy replacement overrides the route);
;   4. timer 0 level-triggered, routed to GSI 20, IOAPIC pin 20 level-triggered: the handler sees
;      remote IRR set; the first time it sends EOI without clearing the HPET status, so the
;      still-asserted line is delivered again; the second time it clears the status first;
;   5. the same with pin 20 masked while the timer fires: nothing until the guest unmasks it, then
;      one interrupt;
;   6. pin 20 level again, the handler ending the interrupt at the IOAPIC's EOI register (version
;      0x20): remote IRR is set before that write and clear after it, before the local APIC's EOI.
; GSI 20 needs a chipset whose HPET may route there (Q35: GSI 16-23; PIIX offers GSI 2 only, which
; the PIT shares).
; The 8259s are masked and the PIT is put in mode 0 (its output stops changing) first, since on a
; PC the PIT shares pin 2. It leaves through isa-debug-exit at port 0xf4: 0 when every step
; worked, 1 otherwise.
;
; Build: nasm -f bin -I ../include/ -o hpet-ioapic.elf hpet-ioapic.asm   (a multiboot a.out-kludge image at 1 MiB)
;
; --- QEMU TCG (Debian 12 qemu-system-i386 7.2), recorded while writing this program: ---
;   qemu-system-i386 -machine q35 -icount shift=0 -nographic -no-reboot -kernel hpet-ioapic.elf \
;     -device isa-debug-exit,iobase=0xf4,iosize=4
;   prints (after SeaBIOS) the lines recorded in expected-qemu.txt, and exits with status 1
;   (it wrote 0 to isa-debug-exit), in every run tried. Without -icount (virtual time following
;   the host) about four runs in ten stopped at step 3 (hang) or step 5 (no status bit after the
;   match): timing-dependent on QEMU's side, not investigated further.

%include "guest.inc"

IOAPIC      equ 0xfec00000
IOWIN       equ IOAPIC + 0x10
HPET        equ 0xfed00000
HPET_CONFIG equ HPET + 0x10
HPET_STATUS equ HPET + 0x20
HPET_COUNTER equ HPET + 0xf0
T0_CONFIG   equ HPET + 0x100
T0_CMP      equ HPET + 0x108
T1_CONFIG   equ HPET + 0x120
T1_CMP      equ HPET + 0x128

ENABLE      equ 1
LEGACY      equ 2
TN_LEVEL    equ 1 << 1
TN_ENABLE   equ 1 << 2
TN_PERIODIC equ 1 << 3
TN_SETVAL   equ 1 << 6
TN_32BIT    equ 1 << 8
TN_ROUTE2   equ 2 << 9
TN_ROUTE20  equ 20 << 9
LEVEL_PIN   equ 20

RTE_LEVEL   equ 1 << 15
RTE_MASKED  equ 1 << 16
RTE_REMOTE_IRR equ 1 << 14
EDGE_VECTOR equ 0x42
LEVEL_VECTOR equ 0x43
IRQ8_VECTOR equ 0x48
EOI_REG_VECTOR equ 0x44
IOAPIC_EOI  equ IOAPIC + 0x40
SPIN        equ 300000

            MULTIBOOT_AOUT 3, image_end, image_end

start:
            FLAT32_ENTRY_PICS_MASKED stack_top
            call build_idt
            lidt [idtr]
            mov al, 0x30                    ; PIT channel 0, mode 0, count 1: one edge, then quiet
            out 0x43, al
            mov al, 1
            out 0x40, al
            mov al, 0
            out 0x40, al
            mov dword [APIC_LINT0], 0x10700
            mov dword [APIC_SVR], 0x1ff
            mov esi, msg_banner
            call puts

            ; 1. identification
            mov esi, msg_caps
            call puts
            mov eax, [HPET]
            call put_hex8_lc
            mov esi, msg_period
            call puts
            mov eax, [HPET + 4]
            call put_hex8_lc
            mov esi, msg_ioapic
            call puts
            mov ecx, 1
            call ioapic_read
            call put_hex8_lc
            call newline
            call spin                       ; the PIT's last edge comes while pin 2 is masked
            sti

            ; 2. periodic, edge
            mov ecx, 2
            mov eax, EDGE_VECTOR
            call route_pin
            mov dword [HPET_CONFIG], 0
            mov dword [HPET_COUNTER], 0
            mov dword [HPET_COUNTER + 4], 0
            mov dword [T0_CONFIG], TN_ENABLE | TN_PERIODIC | TN_SETVAL | TN_32BIT | TN_ROUTE2
            mov dword [T0_CMP], 10000       ; first match at 100 us
            mov dword [T0_CMP], 10000       ; then every 100 us
            mov dword [HPET_CONFIG], ENABLE
.five:      hlt
            cmp dword [edge_count], 5
            jb .five
            mov dword [T0_CONFIG], 0
            mov dword [HPET_CONFIG], 0
            mov esi, msg_periodic
            call puts

            ; 3. legacy replacement: timer 1 on IRQ8, timer 0 on IRQ0
            mov ecx, 8
            mov eax, IRQ8_VECTOR
            call route_pin
            mov dword [edge_count], 0
            mov dword [T1_CONFIG], TN_ENABLE | TN_32BIT
            mov eax, [HPET_COUNTER]
            add eax, 5000
            mov [T1_CMP], eax
            mov dword [T0_CONFIG], TN_ENABLE | TN_32BIT
            add eax, 5000
            mov [T0_CMP], eax
            mov dword [HPET_CONFIG], ENABLE | LEGACY
.both:      hlt
            cmp dword [edge_count], 1
            jb .both
            cmp dword [irq8_count], 1
            jb .both
            call spin
            cmp dword [edge_count], 1
            jne fail
            cmp dword [irq8_count], 1
            jne fail
            mov dword [T0_CONFIG], 0
            mov dword [T1_CONFIG], 0
            mov dword [HPET_CONFIG], 0
            mov esi, msg_legacy
            call puts

            ; 3b. legacy replacement, timer 0 periodic: on IRQ0 whatever its route field says
            mov dword [edge_count], 0
            mov dword [T0_CONFIG], TN_ENABLE | TN_PERIODIC | TN_SETVAL | TN_32BIT | TN_ROUTE20
            mov eax, [HPET_COUNTER]
            add eax, 10000
            mov [T0_CMP], eax               ; first match 100 us ahead
            mov dword [T0_CMP], 10000       ; then every 100 us
            mov dword [HPET_CONFIG], ENABLE | LEGACY
.three:     hlt
            cmp dword [edge_count], 3
            jb .three
            mov dword [T0_CONFIG], 0
            mov dword [HPET_CONFIG], 0
            mov esi, msg_legacy_periodic
            call puts

            ; 4. level, remote IRR
            mov ecx, LEVEL_PIN
            mov eax, RTE_LEVEL | LEVEL_VECTOR
            call route_pin
            mov dword [T0_CONFIG], TN_LEVEL | TN_ENABLE | TN_32BIT | TN_ROUTE20
            mov eax, [HPET_COUNTER]
            add eax, 1000
            mov [T0_CMP], eax
            mov dword [HPET_CONFIG], ENABLE
.twice:     hlt
            cmp dword [level_count], 2
            jb .twice
            call spin
            cmp dword [level_count], 2
            jne fail
            cmp dword [remote_irr_seen], 2
            jne fail
            mov ecx, 0x10 + 2 * LEVEL_PIN
            call ioapic_read
            test eax, RTE_REMOTE_IRR
            jnz fail
            mov esi, msg_level
            call puts

            ; 5. a masked level interrupt is delivered when unmasked
            mov dword [level_count], 1      ; the handler clears the status at once from now on
            mov ecx, LEVEL_PIN
            mov eax, RTE_MASKED | RTE_LEVEL | LEVEL_VECTOR
            call route_pin
            mov eax, [HPET_COUNTER]
            add eax, 20000                  ; 200 us: well after this write, even on a slow host
            mov [T0_CMP], eax
            add eax, 20000
            call wait_counter               ; until 200 us after the match
            cmp dword [level_count], 1
            jne fail
            test dword [HPET_STATUS], 1
            jz fail
            mov ecx, LEVEL_PIN
            mov eax, RTE_LEVEL | LEVEL_VECTOR
            call route_pin
            cmp dword [level_count], 2
            je .unmasked
            hlt
.unmasked:  cmp dword [level_count], 2
            jne fail
            mov dword [HPET_CONFIG], 0
            mov esi, msg_masked
            call puts

            ; 6. the IOAPIC's own EOI register (version 0x20) clears remote IRR
            mov ecx, LEVEL_PIN
            mov eax, RTE_LEVEL | EOI_REG_VECTOR
            call route_pin
            mov eax, [HPET_COUNTER]
            add eax, 1000
            mov [T0_CMP], eax
            mov dword [HPET_CONFIG], ENABLE
.eoi_reg:   cli                             ; check and sleep with interrupts off in between
            cmp dword [eoi_reg_count], 1
            jae .eoi_reg_done
            sti
            hlt
            jmp .eoi_reg
.eoi_reg_done:
            sti
            call spin
            cmp dword [eoi_reg_count], 1
            jne fail
            cmp dword [irr_before_eoi], 0
            je fail
            cmp dword [irr_after_eoi], 0
            jne fail
            mov dword [HPET_CONFIG], 0
            mov esi, msg_eoi_register
            call puts

            mov esi, msg_ok
            jmp report_ok

            REPORT_ROUTINES

; waits until the running HPET counter's low half passes eax
wait_counter:
            cmp [HPET_COUNTER], eax
            js wait_counter
            ret

spin:
            push ecx
            mov ecx, SPIN
.again:     loop .again
            pop ecx
            ret

; IOAPIC register ecx -> eax
ioapic_read:
            mov [IOAPIC], ecx
            mov eax, [IOWIN]
            ret

; redirection entry of pin ecx := low dword eax, destination APIC ID 0
route_pin:
            push ecx
            shl ecx, 1
            add ecx, 0x11
            mov dword [IOAPIC], ecx
            mov dword [IOWIN], 0
            dec ecx
            mov [IOAPIC], ecx
            mov [IOWIN], eax
            pop ecx
            ret

; ---------------------------------------------------------------- handlers
on_edge:
            inc dword [edge_count]
            mov dword [APIC_EOI], 0
            iret

; quiets the HPET, ends the interrupt at the IOAPIC's EOI register, and notes remote IRR before
; and after that write; the local APIC's EOI comes last
on_eoi_register:
            push eax
            push ecx
            mov dword [HPET_STATUS], 1      ; the HPET drops the line
            mov ecx, 0x10 + 2 * LEVEL_PIN
            call ioapic_read
            and eax, RTE_REMOTE_IRR
            mov [irr_before_eoi], eax
            mov dword [IOAPIC_EOI], EOI_REG_VECTOR
            call ioapic_read
            and eax, RTE_REMOTE_IRR
            mov [irr_after_eoi], eax
            inc dword [eoi_reg_count]
            mov dword [APIC_EOI], 0
            pop ecx
            pop eax
            iret

on_irq8:
            inc dword [irq8_count]
            mov dword [APIC_EOI], 0
            iret

; the level handler: the first time, EOI only (the line stays asserted); later, clear the status first
on_level:
            push eax
            push ecx
            inc dword [level_count]
            mov ecx, 0x10 + 2 * LEVEL_PIN   ; the pin's entry, low dword
            call ioapic_read
            test eax, RTE_REMOTE_IRR
            jz .no_remote_irr
            inc dword [remote_irr_seen]
.no_remote_irr:
            cmp dword [level_count], 1
            je .eoi
            mov dword [HPET_STATUS], 1      ; write 1 to clear: the HPET drops the line
.eoi:       mov dword [APIC_EOI], 0
            pop ecx
            pop eax
            iret

            STRAY_HANDLERS

; every IDT entry points at `unexpected` but the vectors used here
build_idt:
            mov eax, unexpected
            call set_all_gates
            mov ecx, EDGE_VECTOR
            mov eax, on_edge
            call set_gate
            mov ecx, LEVEL_VECTOR
            mov eax, on_level
            call set_gate
            mov ecx, EOI_REG_VECTOR
            mov eax, on_eoi_register
            call set_gate
            mov ecx, IRQ8_VECTOR
            mov eax, on_irq8
            call set_gate
            mov ecx, 0xff
            mov eax, on_spurious
            ; fall through

            SET_GATE_ROUTINES

; ---------------------------------------------------------------- output
            COM1_ROUTINES
            FLAT32_TABLES

msg_banner:     db "hpet-ioapic: HPET interrupts through the IOAPIC", 13, 10, 0
msg_caps:       db "HPET capabilities ", 0
msg_period:     db ", period ", 0
msg_ioapic:     db " fs, IOAPIC version ", 0
msg_periodic:   db "timer 0 periodic, GSI 2, edge: 5 interrupts", 13, 10, 0
msg_legacy:     db "legacy replacement: timer 1 on IRQ8 once, timer 0 on IRQ0 once", 13, 10, 0
msg_legacy_periodic: db "legacy replacement: timer 0 periodic on IRQ0, 3 interrupts", 13, 10, 0
msg_level:      db "level, GSI 20: remote IRR set, line still asserted at EOI delivered again, 2 interrupts", 13, 10, 0
msg_masked:     db "masked level interrupt delivered when unmasked", 13, 10, 0
msg_eoi_register: db "IOAPIC EOI register: remote IRR cleared before the local APIC's EOI", 13, 10, 0
msg_ok:         db "hpet-ioapic ok", 13, 10, 0

            align 4
edge_count:     dd 0
irq8_count:     dd 0
level_count:    dd 0
remote_irr_seen: dd 0
eoi_reg_count:  dd 0
irr_before_eoi: dd 0
irr_after_eoi:  dd 0
            STACK_AND_IMAGE_END 4096
