; ferr: the PC's legacy x87 error path (MS-DOS compatible), with CR0.NE clear.
;
; 1. With divide-by-zero unmasked, 1/0 leaves ZE pending; the FWAIT after it asserts FERR# and goes
;    on. The board routes FERR# to ISA IRQ 13 (8259 slave input 5): the request shows in the slave's
;    IRR, and once IRQ 13 is unmasked the handler runs. It records the status word, writes port
;    0xF0 (lowers IRQ 13 and asserts IGNNE#) and sends the EOIs.
; 2. The exception is still pending, but IGNNE# is asserted: another FWAIT (and an FLD1) raise
;    nothing; IRQ 13 is not requested again.
; 3. FLDENV of the environment with the exception flags cleared: the x87 no longer reports an
;    error, so IGNNE# is released; a second 1/0 and FWAIT raise IRQ 13 again.
; IRQ 13 is masked in the 8259 whenever FERR# may rise and unmasked afterwards: QEMU 7.2 TCG raises
; FERR# from the vCPU thread without the big QEMU lock, and if the 8259 then interrupts the CPU at
; once QEMU aborts (tcg_handle_interrupt: assertion failed: qemu_mutex_iothread_locked). A masked
; request is only latched in the IRR, which takes no lock; unmasking is a port write, which does.
; No #MF is expected anywhere (every vector but IRQ 13 and the spurious ones says "unexpected").
; Only the exception bits of FSW are printed (with ES and B): QEMU TCG pops the stack on an
; unmasked 1/0 and the hardware does not, so TOP differs (see GuestsIT).
; Prints on COM1 and writes 0 to isa-debug-exit (0xf4).
;
; Build: nasm -f bin -I ../include/ -o ferr.elf ferr.asm   (a multiboot a.out-kludge image at 1 MiB)
; QEMU: qemu-system-x86_64 -kernel ferr.elf -nographic -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4

%include "guest.inc"

PIC_BASE    equ 0x20                        ; IRQ 0-7 at 0x20, IRQ 8-15 at 0x28
IRQ13       equ PIC_BASE + 13
WAIT_LOOPS  equ 100000

            MULTIBOOT_AOUT 3, image_end, image_end

start:
            FLAT32_ENTRY_PICS_MASKED stack_top
            mov eax, unexpected
            call set_all_gates
            mov eax, on_spurious
            mov ecx, PIC_BASE + 7
            call set_gate
            mov ecx, PIC_BASE + 15
            call set_gate
            mov eax, irq13_handler
            mov ecx, IRQ13
            call set_gate
            lidt [idtr]
            call init_pics

            mov eax, cr0
            and eax, ~0x2c                  ; NE, TS and EM off: FERR#, not #MF
            or eax, 0x02                    ; MP
            mov cr0, eax

            mov esi, msg_banner
            call puts

            ; --- 1. an unmasked 1/0, then FWAIT: FERR# and IRQ 13
            call divide_by_zero
            mov esi, msg_pending
            call puts
            fnstsw ax
            call print_exceptions
            sti
            fwait
            mov esi, msg_after_wait
            call puts
            call take_irq13
            mov esi, msg_handler_fsw
            call puts
            mov ax, [handler_fsw]
            call print_exceptions

            ; --- 2. still pending, but IGNNE#: nothing happens
            fwait
            fld1                            ; a waiting instruction that is not FWAIT
            fstp st0
            mov esi, msg_ignored
            call puts
            call take_irq13

            ; --- 3. FLDENV without the error: IGNNE# released, the next error raises IRQ 13 again
            fnstenv [environment]
            and word [environment + 4], 0xff00 ; exception flags, SF and ES cleared
            and word [environment + 4], 0x7fff ; and B
            fldenv [environment]
            mov esi, msg_cleared
            call puts
            fnstsw ax
            call print_exceptions
            call divide_by_zero
            fwait
            mov esi, msg_again
            call puts
            call take_irq13

            fninit
            mov esi, msg_done
            jmp report_ok

; fninit, divide-by-zero unmasked, 1/0
divide_by_zero:
            fninit
            fldcw [control_zm_clear]
            fld1
            fldz
            fdivp st1, st0
            ret

; spins a while so an interrupt raised by the last instruction is surely taken
wait_for_irq:
            mov ecx, WAIT_LOOPS
.spin:      pause
            loop .spin
            ret

print_irq_count:
            mov eax, [irq_count]
            call put_hex8_lc
            call newline
            ret

; ax: a status word; prints B, ES and the exception flags (TOP and the condition codes left out)
print_exceptions:
            and eax, 0x80ff
            call put_hex8_lc
            call newline
            ret

irq13_handler:
            push eax
            inc dword [irq_count]
            fnstsw [handler_fsw]
            out 0xf0, al                    ; lowers IRQ 13, asserts IGNNE#
            mov al, 0x20
            out 0xa0, al
            out 0x20, al
            pop eax
            iret

; both 8259s at PIC_BASE, everything masked but the cascade and IRQ 13
init_pics:
            mov al, 0x11
            out 0x20, al
            out 0xa0, al
            mov al, PIC_BASE
            out 0x21, al
            mov al, PIC_BASE + 8
            out 0xa1, al
            mov al, 4
            out 0x21, al
            mov al, 2
            out 0xa1, al
            mov al, 1
            out 0x21, al
            out 0xa1, al
            mov al, 0xfb                    ; IRQ 2: the slave
            out 0x21, al
            mov al, 0xff                    ; IRQ 13 stays masked until take_irq13
            out 0xa1, al
            ret

; prints whether IRQ 13 is requested in the slave's IRR, unmasks it long enough for the request to
; be taken, masks it again and prints the handler count
take_irq13:
            mov esi, msg_irr
            call puts
            mov al, 0x0a                    ; OCW3: read IRR
            out 0xa0, al
            in al, 0xa0
            shr eax, 5
            and eax, 1
            call put_hex8_lc
            call newline
            mov al, 0xdf
            out 0xa1, al
            call wait_for_irq
            mov al, 0xff
            out 0xa1, al
            mov esi, msg_count
            call puts
            call print_irq_count
            ret

            SET_GATE_ROUTINES
            COM1_ROUTINES
            STRAY_HANDLERS
            REPORT_ROUTINES

msg_banner:      db "ferr: CR0.NE clear, divide by zero unmasked", 13, 10, 0
msg_pending:     db "ferr: 1/0 leaves FSW exceptions ", 0
msg_after_wait:  db "ferr: FWAIT went on", 13, 10, 0
msg_handler_fsw: db "ferr: the IRQ 13 handler saw FSW exceptions ", 0
msg_ignored:     db "ferr: FWAIT and FLD1 again with IGNNE# asserted", 13, 10, 0
msg_irr:         db "ferr: IRQ 13 requested in the IRR: ", 0
msg_count:       db "ferr: IRQ 13 handler runs so far: ", 0
msg_cleared:     db "ferr: FLDENV without the error, FSW exceptions ", 0
msg_again:       db "ferr: second 1/0 and FWAIT", 13, 10, 0
msg_done:        db "ferr: done", 13, 10, 0

            align 4
control_zm_clear: dw 0x037b
handler_fsw:     dw 0
irq_count:       dd 0
environment:     times 28 db 0

            FLAT32_TABLES

            STACK_AND_IMAGE_END 1024
