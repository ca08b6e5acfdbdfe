; devices: what a guest finds of the PC's legacy devices and PCI functions after the firmware ran.
;
; A multiboot kernel (a.out kludge, nasm alone) for the pc machine booted through SeaBIOS, on
; Plugboard (-bios bios-256k.bin -kernel devices.elf) and on QEMU (-kernel devices.elf). It prints
; only what does not depend on host timing: the state the firmware left (8259 masks and ELCR,
; UART registers, CMOS fields, PCI configuration), then drives each device through its ports
; and reports what happened (interrupt counts it waited for, loopback bytes, counters that
; advance, the PM timer's rate against the PIT's to within 10 %). Then it writes 0 to
; isa-debug-exit (0xf4) and halts.

%include "guest.inc"

PIT_DIVISOR equ 11932                   ; 100 Hz
PM_FN       equ (1 << 11) | (3 << 8)    ; 00:01.3, the PIIX4 power management function
ISA_FN      equ (1 << 11)               ; 00:01.0, the PIIX3 ISA bridge
HOST_FN     equ 0                       ; 00:00.0, the i440FX

MULTIBOOT_AOUT 3, load_end, bss_end

start:
    cli
    mov esp, stack_top
    call setup_cpu
    ; the firmware's state first, before anything here changes it
    in al, 0x21
    mov [fw_imr], al
    in al, 0xa1
    mov [fw_imr + 1], al
    mov dx, 0x4d0
    in al, dx
    mov [fw_elcr], al
    inc dx
    in al, dx
    mov [fw_elcr + 1], al
    mov dx, COM1 + 1
    mov edi, fw_uart
.uart_regs:
    in al, dx
    stosb
    inc dx
    cmp dx, COM1 + 7
    jne .uart_regs
    call remap_pic

    PRINTLN "devices: the pc's devices as a guest finds them"
    call pic_firmware
    call cpu_firmware
    call pci_functions
    call pci_routing
    call pm_function
    call pit_and_pic
    call rtc
    call uart
    PRINTLN "devices: done"
    jmp exit

pic_firmware:
    PRINT "pic: firmware left imr "
    HEX 2, [fw_imr]
    call space
    HEX 2, [fw_imr + 1]
    PRINT ", elcr "
    HEX 2, [fw_elcr]
    call space
    HEX 2, [fw_elcr + 1]
    call newline
    ret

; every function on bus 0: IDs, class, revision, header type, command, subsystem, interrupt pin
; and line, and each BAR with its size (found by writing all ones, then restored)
pci_functions:
    xor ebx, ebx                        ; device << 11 | function << 8
.function:
    mov eax, ebx
    call pci_read32
    cmp ax, 0xffff
    je .absent
    PRINT "pci 00:"
    mov eax, ebx
    shr eax, 11
    HEX 2, eax
    PRINT "."
    mov eax, ebx
    shr eax, 8
    and eax, 7
    HEX 1, eax
    call space
    mov eax, ebx
    call pci_read32
    HEX 4, eax
    PRINT ":"
    shr eax, 16
    HEX 4, eax
    PRINT " class "
    lea eax, [ebx + 8]
    call pci_read32
    push eax
    shr eax, 8
    HEX 6, eax
    PRINT " rev "
    pop eax
    HEX 2, eax
    PRINT " hdr "
    lea eax, [ebx + 0x0c]
    call pci_read32
    shr eax, 16
    HEX 2, eax
    PRINT " cmd "
    lea eax, [ebx + 4]
    call pci_read32
    HEX 4, eax
    PRINT " subsys "
    lea eax, [ebx + 0x2c]
    call pci_read32
    HEX 4, eax
    PRINT ":"
    shr eax, 16
    HEX 4, eax
    PRINT " pin "
    lea eax, [ebx + 0x3c]
    call pci_read32
    push eax
    shr eax, 8
    HEX 2, eax
    PRINT " line "
    pop eax
    HEX 2, eax
    call newline
    call pci_bars
    ; function 0 without the multi-function bit: no functions 1..7
    test ebx, 0x700
    jnz .next
    lea eax, [ebx + 0x0c]
    call pci_read32
    test eax, 0x800000
    jnz .next
.absent:
    test ebx, 0x700
    jnz .next
    or ebx, 0x700                       ; skip the device's other functions
.next:
    add ebx, 0x100
    cmp ebx, 32 << 11
    jb .function
    ret

pci_bars:                               ; ebx: the function
    pushad
    xor esi, esi
.bar:
    lea edi, [ebx + 0x10 + esi * 4]
    mov eax, edi
    call pci_read32
    mov ebp, eax                        ; the BAR as the firmware left it
    mov ecx, 0xffffffff
    mov eax, edi
    call pci_write32
    call pci_read32
    push eax
    mov ecx, ebp
    mov eax, edi
    call pci_write32
    pop eax
    test eax, eax
    jz .skip
    test eax, 1                         ; I/O: bits 1..0 are flags; memory: bits 3..0
    jz .memory
    and eax, ~3
    or eax, 0xffff0000                  ; an I/O BAR may implement only 16 bits
    jmp .size
.memory:
    and eax, ~15
.size:
    neg eax
    PRINT "  bar "
    HEX 1, esi
    call space
    HEX 8, ebp
    PRINT " size "
    HEX 8, eax
    call newline
.skip:
    inc esi
    cmp esi, 6
    jb .bar
    popad
    ret

; PIRQ routing in the ISA bridge, the i440FX's PAM and SMRAM registers as the firmware left them
pci_routing:
    PRINT "piix3: pirq route "
    mov eax, ISA_FN | 0x60
    call pci_read32
    HEX 8, eax
    PRINT ", irq mask bytes 0x70 "
    mov eax, ISA_FN | 0x70
    call pci_read32
    HEX 8, eax
    call newline
    PRINT "i440fx: pam "
    mov eax, HOST_FN | 0x58
    call pci_read32
    HEX 8, eax
    call space
    mov eax, HOST_FN | 0x5c
    call pci_read32
    HEX 8, eax
    ; SeaBIOS sets G_SMRAME (bit 3) only on a CPU with SMM, which QEMU's TCG has and Plugboard's
    ; x86 engine has not (its PIIX4 reports SMM as set up, so SeaBIOS skips it): left out
    PRINT ", smram without g_smrame "
    mov eax, HOST_FN | 0x70
    call pci_read32
    shr eax, 16
    and eax, 0xf7
    HEX 2, eax
    call newline
    ret

; the PM base, its enable bit, the SMBus base, PM1 control, and the 24-bit PM timer
; the MTRRs and the boot CPU's local APIC LVT LINT0/LINT1 (and its SVR) as the firmware left them
cpu_firmware:
    PRINT "mtrr: cap "
    mov ecx, 0xfe
    call print_msr
    PRINT " deftype "
    mov ecx, 0x2ff
    call print_msr
    call newline
    PRINT "mtrr: fixed"
    mov ecx, 0x250
    call space_msr
    mov ecx, 0x258
    call space_msr
    mov ecx, 0x259
    call space_msr
    call newline
    PRINT "mtrr: fixed 4k"
    mov ecx, 0x268
.fixed4k:
    call space_msr
    inc ecx
    cmp ecx, 0x270
    jne .fixed4k
    call newline
    mov ecx, 0x200
.variable:
    PRINT "mtrr: variable "
    mov eax, ecx
    sub eax, 0x200
    shr eax, 1
    HEX 1, eax
    PRINT " base "
    call print_msr
    inc ecx
    PRINT " mask "
    call print_msr
    inc ecx
    call newline
    cmp ecx, 0x210
    jne .variable
    PRINT "lapic: svr "
    HEX 8, [0xfee000f0]
    PRINT " lint0 "
    HEX 8, [0xfee00350]
    PRINT " lint1 "
    HEX 8, [0xfee00360]
    call newline
    ret

space_msr:
    call space
; RDMSR ECX, printed as 16 hex digits; keeps ECX
print_msr:
    push ecx
    rdmsr
    HEX 8, edx
    HEX 8, eax
    pop ecx
    ret

pm_function:
    PRINT "pm: pmba "
    mov eax, PM_FN | 0x40
    call pci_read32
    HEX 8, eax
    and eax, 0xffc0
    mov [pm_base], eax
    PRINT " pmregmisc "
    mov eax, PM_FN | 0x80
    call pci_read32
    HEX 2, eax
    PRINT " smbba "
    mov eax, PM_FN | 0x90
    call pci_read32
    HEX 8, eax
    PRINT " smbhstcfg "
    mov eax, PM_FN | 0xd0
    call pci_read32
    shr eax, 16
    HEX 2, eax
    call newline
    PRINT "pm: pm1_cnt "
    mov edx, [pm_base]
    add edx, 4
    in ax, dx
    HEX 4, eax
    PRINT " pm1_en "
    sub edx, 2
    in ax, dx
    HEX 4, eax
    call newline
    call pm_timer
    mov ebx, eax
    mov ecx, 10000
.spin:
    loop .spin
    call pm_timer
    PRINT "pm: timer "
    cmp eax, 0x1000000
    jae .wide
    cmp eax, ebx
    je .stuck
    PRINTLN "advances, 24 bits"
    ret
.wide:
    PRINTLN "has more than 24 bits"
    ret
.stuck:
    PRINTLN "does not advance"
    ret

pm_timer:                               ; -> eax: the PM timer
    push edx
    mov edx, [pm_base]
    add edx, 8
    in eax, dx
    pop edx
    ret

; channel 0 at 100 Hz through the remapped 8259: ten interrupts, read-back, latches, channel 2
; through port 0x61, and the PM timer's count over ten PIT periods
pit_and_pic:
    mov al, 0x34                        ; channel 0, lobyte/hibyte, mode 2
    out 0x43, al
    mov al, PIT_DIVISOR & 0xff
    out 0x40, al
    mov al, PIT_DIVISOR >> 8
    out 0x40, al
    mov al, 0xe2                        ; read-back: status of channel 0
    out 0x43, al
    in al, 0x40
    PRINT "pit: channel 0 status without out/null bits "
    and eax, 0x3f
    HEX 2, eax
    call newline
    in al, 0x21
    and al, 0xfe
    out 0x21, al
    mov eax, 0x20
    mov ecx, 10
    call wait_count
    PRINT "pic: irq 0 at vector 0x20, "
    DEC [counts + 0x20 * 4]
    PRINT " interrupts, then isr "
    mov al, 0x0b
    out 0x20, al
    in al, 0x20
    HEX 2, eax
    call newline
.latch:
    xor al, al                          ; counter latch, channel 0
    out 0x43, al
    in al, 0x40
    mov bl, al
    in al, 0x40
    mov bh, al
    mov ecx, 20000
.spin:
    loop .spin
    xor al, al
    out 0x43, al
    in al, 0x40
    mov cl, al
    in al, 0x40
    mov ch, al
    PRINT "pit: two latched reads of channel 0 "
    cmp bx, cx
    je .same
    PRINTLN "differ"
    jmp .channel2
.same:
    PRINTLN "are the same"
.channel2:
    ; channel 2, mode 0 (out low until the count runs out), gated on through port 0x61
    in al, 0x61
    and al, 0xfc
    or al, 1
    out 0x61, al
    mov al, 0xb0
    out 0x43, al
    mov al, 0xff
    out 0x42, al
    out 0x42, al                        ; 65535 counts: 55 ms
    in al, 0x61
    PRINT "pit: channel 2 out "
    test al, 0x20
    jz .low
    PRINT "high"
    jmp .wait
.low:
    PRINT "low"
.wait:
    mov ecx, 20                         ; at most 200 ms
    call wait_ticks_or_out2
    in al, 0x61
    PRINT " after programming, "
    test al, 0x20
    jz .still_low
    PRINTLN "high when the count ran out"
    jmp .gate_off
.still_low:
    PRINTLN "still low after 200 ms"
.gate_off:
    in al, 0x61
    and al, 0xfc
    out 0x61, al
    ret

; waits up to ecx timer ticks for bit 5 of port 0x61 (channel 2's output)
wait_ticks_or_out2:
    add ecx, [counts + 0x20 * 4]
.poll:
    in al, 0x61
    test al, 0x20
    jnz .done
    sti
    hlt
    cli
    cmp [counts + 0x20 * 4], ecx
    jb .poll
.done:
    ret

cmos:                                   ; al: index -> al: value
    out 0x70, al
    in al, 0x71
    ret

; status registers, the firmware's CMOS fields, the time's BCD digits, 8 periodic interrupts
; on IRQ 8 and one update cycle
rtc:
    PRINT "rtc: a "
    mov al, 0x0a
    call cmos
    and eax, 0x7f                       ; without update-in-progress
    HEX 2, eax
    PRINT " b "
    mov al, 0x0b
    call cmos
    HEX 2, eax
    PRINT " d "
    mov al, 0x0d
    call cmos
    HEX 2, eax
    call newline
    PRINT "cmos:"
    mov esi, cmos_fields
.field:
    lodsb
    cmp al, 0xff
    je .fields_done
    call space
    HEX 2, eax
    PRINT "="
    call cmos
    HEX 2, eax
    jmp .field
.fields_done:
    call newline
    ; seconds, minutes, hours, day, month, year: BCD digits (register B bit 2 clear)
    mov esi, time_fields
    xor ebx, ebx                        ; bad digits seen
.time:
    lodsb
    cmp al, 0xff
    je .time_done
    call cmos
    mov ah, al
    and ah, 15
    cmp ah, 9
    jbe .low_ok
    inc ebx
.low_ok:
    shr al, 4
    cmp al, 9
    jbe .time
    inc ebx
    jmp .time
.time_done:
    PRINT "rtc: time of day in bcd "
    test ebx, ebx
    jnz .bad_time
    PRINTLN "valid"
    jmp .periodic
.bad_time:
    PRINTLN "invalid"
.periodic:
    mov dword [irq_hook_slave], rtc_ack
    mov al, 0x0a
    out 0x70, al
    mov al, 0x26                        ; 32768 Hz base, 1024 Hz periodic rate
    out 0x71, al
    mov al, 0x0b
    call cmos
    or al, 0x40                         ; periodic interrupt enable
    mov ah, al
    mov al, 0x0b
    out 0x70, al
    mov al, ah
    out 0x71, al
    in al, 0xa1
    and al, 0xfe
    out 0xa1, al
    mov eax, 0x28
    mov ecx, 8
    call wait_count
    in al, 0xa1
    or al, 1
    out 0xa1, al
    mov al, 0x0b
    call cmos
    and al, ~0x40
    mov ah, al
    mov al, 0x0b
    out 0x70, al
    mov al, ah
    out 0x71, al
    PRINT "rtc: irq 8 at vector 0x28, "
    DEC [counts + 0x28 * 4]
    PRINT " periodic interrupts, register c showed "
    HEX 2, [rtc_flags]
    call newline
    ; the PM timer from one update to the next: one second of 3579545 ticks (polled, so
    ; no lost timer interrupt on a busy host can skew it)
    mov al, 0x0c
    call cmos
    call update_ends
    jc .no_update
    call pm_timer
    mov ebx, eax
    call update_ends
    jc .no_update
    call pm_timer
    PRINTLN "rtc: update-ended flag seen, and again a second later"
    sub eax, ebx
    and eax, 0xffffff
    PRINT "pm: timer over one rtc second "
    cmp eax, 3579545 * 9 / 10
    jb .off
    cmp eax, 3579545 * 11 / 10
    ja .off
    PRINTLN "is 3579545 within 10 %"
    ret
.off:
    PRINT "is off: "
    DEC eax
    call newline
    ret
.no_update:
    PRINTLN "rtc: no update-ended flag within 1.5 s"
    ret

; waits (polling, timer interrupts on) until register C shows an update ended (UF, bit 4,
; set at every second's update whether or not its interrupt is enabled; reading clears it);
; carry set when that took more than 1.5 s of timer ticks
update_ends:
    mov ecx, 150
    add ecx, [counts + 0x20 * 4]
.poll:
    sti
    nop
    cli
    cmp [counts + 0x20 * 4], ecx
    jae .late
    mov al, 0x0c
    call cmos
    test al, 0x10
    jz .poll
    clc
    ret
.late:
    stc
    ret

rtc_ack:                                ; on IRQ 8: register C says why, reading it lowers the line
    mov al, 0x0c
    call cmos
    and al, 0xc0                        ; IRQF and PF (UF may join at a second's turn)
    or [rtc_flags], al
    ret

; the registers the firmware left, scratch, loopback, FIFO and the THR-empty interrupt
uart:
    PRINT "uart: firmware left ier "
    HEX 2, [fw_uart]
    PRINT " iir "
    HEX 2, [fw_uart + 1]
    PRINT " lcr "
    HEX 2, [fw_uart + 2]
    PRINT " mcr "
    HEX 2, [fw_uart + 3]
    PRINT " lsr "
    HEX 2, [fw_uart + 4]
    PRINT " msr "
    HEX 2, [fw_uart + 5]
    call newline
    mov dx, COM1 + 7
    mov al, 0x5a
    out dx, al
    in al, dx
    PRINT "uart: scratch holds "
    HEX 2, eax
    call newline
    ; loopback: the modem outputs come back as inputs, a sent byte as a received one
    mov dx, COM1 + 4
    mov al, 0x1f
    out dx, al
    mov dx, COM1 + 6
    in al, dx
    mov bl, al
    mov dx, COM1
    mov al, 'L'
    out dx, al
    mov dx, COM1 + 5
    mov ecx, 1000000
.rx:
    in al, dx
    test al, 1
    jnz .received
    loop .rx
.received:
    mov bh, al
    mov dx, COM1
    in al, dx
    mov cl, al
    mov dx, COM1 + 4
    mov al, 0x0b                        ; DTR, RTS, OUT2 (the PC's interrupt gate)
    out dx, al
    PRINT "uart: loopback msr "
    movzx eax, bl
    and eax, 0xf0
    HEX 2, eax
    PRINT ", lsr "
    movzx eax, bh
    HEX 2, eax
    PRINT ", received '"
    mov al, cl
    call putc
    PRINTLN "'"
    mov dx, COM1 + 2
    mov al, 0x07                        ; FIFOs on and cleared
    out dx, al
    in al, dx
    PRINT "uart: iir with fifos "
    HEX 2, eax
    call newline
    ; THR empty: one interrupt on IRQ 4 (the handler's IIR read drops it)
    mov dword [irq_hook_uart], uart_ack
    in al, 0x21
    and al, ~0x10
    out 0x21, al
    mov dx, COM1 + 1
    mov al, 0x02
    out dx, al
    mov eax, 0x24
    mov ecx, 1
    call wait_count
    mov dx, COM1 + 1
    xor al, al
    out dx, al
    in al, 0x21
    or al, 0x10
    out 0x21, al
    PRINT "uart: irq 4 at vector 0x24, "
    DEC [counts + 0x24 * 4]
    PRINT " interrupt, iir in the handler "
    HEX 2, [uart_iir]
    call newline
    ret

uart_ack:
    mov dx, COM1 + 2
    in al, dx
    mov [uart_iir], al
    ret

            COM1_ROUTINES
            PCI_ROUTINES
            REMAP_PIC_ROUTINE
            IRQ_COUNTING_ROUTINES
            EXIT_ROUTINE

; floppy types, equipment, base and extended memory, memory above 16 MiB, boot order,
; memory above 4 GiB, CPU count
cmos_fields: db 0x10, 0x14, 0x15, 0x16, 0x17, 0x18, 0x30, 0x31, 0x34, 0x35, 0x38, 0x3d, 0x5b, 0x5c, 0x5d, 0x5f, 0xff
time_fields: db 0x00, 0x02, 0x04, 0x07, 0x08, 0x09, 0xff
rtc_flags:   db 0
uart_iir:    db 0
fw_imr:      db 0, 0
fw_elcr:     db 0, 0
fw_uart:     times 6 db 0
pm_base:     dd 0
align 16
load_end:

absolute load_end
            IRQ_COUNTING_BSS
            BSS_STACK_AND_END 8192
