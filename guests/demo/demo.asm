; demo.asm -- Plugboard's bundled demo guest.
;
; A multiboot v1 kernel in 32-bit protected mode. It talks only to COM1 and uses no
; interrupts or timers (the machine may have no interrupt controller yet): it prints a
; banner, the command line and memory size from the multiboot information, a few "tick"
; lines paced by a busy loop, then "demo done", and halts with interrupts off.
; Assembled with -DEXIT it finally writes 0 to QEMU's isa-debug-exit port 0xf4, so the
; emulator exits with status (0 << 1) | 1 = 1 -- for automated runs.

MB_HEADER_MAGIC  equ 0x1BADB002
MB_HEADER_FLAGS  equ 0x00000003         ; page-aligned modules, memory information
MB_LOADER_MAGIC  equ 0x2BADB002         ; what a multiboot loader leaves in EAX

MBI_FLAGS        equ 0                  ; multiboot information offsets
MBI_MEM_LOWER    equ 4
MBI_MEM_UPPER    equ 8
MBI_CMDLINE      equ 16
MBI_HAS_MEMORY   equ 1 << 0
MBI_HAS_CMDLINE  equ 1 << 2

COM1             equ 0x3f8              ; 16550 registers relative to the base:
UART_DATA        equ 0                  ;   transmit holding / divisor latch low
UART_IER         equ 1                  ;   interrupt enable / divisor latch high
UART_FCR         equ 2                  ;   FIFO control
UART_LCR         equ 3                  ;   line control
UART_MCR         equ 4                  ;   modem control
UART_LSR         equ 5                  ;   line status
LSR_THR_EMPTY    equ 0x20
DEBUG_EXIT_PORT  equ 0xf4

%ifndef TICKS
%define TICKS 5
%endif
%ifndef TICK_LOOPS
%define TICK_LOOPS 10000000             ; busy-loop iterations (2 instructions each) per tick
%endif

bits 32

section .multiboot progbits alloc noexec nowrite align=4
        dd MB_HEADER_MAGIC
        dd MB_HEADER_FLAGS
        dd -(MB_HEADER_MAGIC + MB_HEADER_FLAGS)

section .text
global _start
_start:
        cli
        cld
        mov esp, stack_top
        mov [loader_magic], eax
        mov [boot_info], ebx
        call uart_init

        mov esi, msg_banner
        call puts_line

        cmp dword [loader_magic], MB_LOADER_MAGIC
        je .multiboot
        mov esi, msg_no_multiboot
        call puts_line
        jmp .ticks

.multiboot:
        mov ebx, [boot_info]
        test dword [ebx + MBI_FLAGS], MBI_HAS_CMDLINE
        jz .memory
        mov esi, msg_cmdline
        call puts
        mov esi, [ebx + MBI_CMDLINE]
        call puts_line

.memory:
        test dword [ebx + MBI_FLAGS], MBI_HAS_MEMORY
        jz .ticks
        mov esi, msg_memory                     ; "memory: L KiB lower, U KiB upper (T MiB)"
        call puts
        mov eax, [ebx + MBI_MEM_LOWER]
        call put_decimal
        mov esi, msg_kib_lower
        call puts
        mov eax, [ebx + MBI_MEM_UPPER]
        call put_decimal
        mov esi, msg_kib_upper
        call puts
        mov eax, [ebx + MBI_MEM_UPPER]          ; upper memory starts at 1 MiB: total = upper + 1024 KiB,
        add eax, 1024 + 512                     ; rounded to the nearest MiB
        shr eax, 10
        call put_decimal
        mov esi, msg_mib
        call puts_line

.ticks:
        mov ebx, 1
.next_tick:
        mov eax, TICK_LOOPS
.spin:
        dec eax
        jnz .spin
        mov esi, msg_tick
        call puts
        mov eax, ebx
        call put_decimal
        mov esi, msg_empty
        call puts_line
        inc ebx
        cmp ebx, TICKS
        jbe .next_tick

        mov esi, msg_done
        call puts_line
%ifdef EXIT
        mov dx, DEBUG_EXIT_PORT
        xor eax, eax
        out dx, al
%endif
.halt:
        cli
        hlt
        jmp .halt

; 115200 baud 8N1, FIFOs on and cleared, no UART interrupts.
uart_init:
        mov dx, COM1 + UART_IER
        xor al, al
        out dx, al
        mov dx, COM1 + UART_LCR
        mov al, 0x80                            ; DLAB: the next two registers are the divisor
        out dx, al
        mov dx, COM1 + UART_DATA
        mov al, 1                               ; 115200 / 1
        out dx, al
        mov dx, COM1 + UART_IER
        xor al, al
        out dx, al
        mov dx, COM1 + UART_LCR
        mov al, 0x03                            ; 8 data bits, no parity, 1 stop bit, DLAB off
        out dx, al
        mov dx, COM1 + UART_FCR
        mov al, 0xc7                            ; enable, clear both FIFOs, 14-byte trigger
        out dx, al
        mov dx, COM1 + UART_MCR
        mov al, 0x03                            ; DTR, RTS
        out dx, al
        ret

; AL -> COM1, waiting until the transmitter has room.
putc:
        push edx
        push eax
        mov dx, COM1 + UART_LSR
.wait:
        in al, dx
        test al, LSR_THR_EMPTY
        jz .wait
        pop eax
        mov dx, COM1 + UART_DATA
        out dx, al
        pop edx
        ret

; The NUL-terminated string at ESI.
puts:
        push eax
        push esi
.loop:
        lodsb
        test al, al
        jz .end
        call putc
        jmp .loop
.end:
        pop esi
        pop eax
        ret

; The string at ESI, then CR LF.
puts_line:
        call puts
        push eax
        mov al, 13
        call putc
        mov al, 10
        call putc
        pop eax
        ret

; EAX as an unsigned decimal number.
put_decimal:
        pushad
        mov ecx, 0                              ; digits pushed
        mov ebx, 10
.divide:
        xor edx, edx
        div ebx
        push edx
        inc ecx
        test eax, eax
        jnz .divide
.emit:
        pop eax
        add al, '0'
        call putc
        loop .emit
        popad
        ret

section .rodata
msg_banner:       db "Plugboard demo guest: hello from protected mode", 0
msg_no_multiboot: db "not started by a multiboot loader: no boot information", 0
msg_cmdline:      db "command line: ", 0
msg_memory:       db "memory: ", 0
msg_kib_lower:    db " KiB lower, ", 0
msg_kib_upper:    db " KiB upper (", 0
msg_mib:          db " MiB)", 0
msg_tick:         db "tick ", 0
msg_done:         db "demo done", 0
msg_empty:        db 0

section .bss
alignb 4
loader_magic:     resd 1
boot_info:        resd 1
alignb 16
                  resb 16384
stack_top:
