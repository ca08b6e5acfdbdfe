; serial.inc.asm -- COM1 output for the CPU guests (32-bit code): puts (ESI -> NUL-terminated
; string), putc (AL), putnl, puthex2/puthex4/puthex8 (AL/AX/EAX in hex). All registers are
; preserved except ESI after puts. putc waits for the transmitter, as a driver must (QEMU drops
; bytes otherwise).
COM1    equ 0x3f8

puts:   push eax
.l:     lodsb
        test al, al
        jz .e
        call putc
        jmp .l
.e:     pop eax
        ret
putc:   push edx
        push eax
        mov dx, COM1 + 5
.w:     in al, dx
        test al, 0x20
        jz .w
        pop eax
        mov dx, COM1
        out dx, al
        pop edx
        ret
putnl:  push eax
        mov al, 10
        call putc
        pop eax
        ret
puthex4:
        push ecx
        mov ecx, 4
        rol eax, 16
        jmp puthex
puthex8:
        push ecx
        mov ecx, 8
        jmp puthex
puthex2:
        push ecx
        mov ecx, 2
        ror eax, 8
puthex: rol eax, 4
        push eax
        and al, 15
        add al, '0'
        cmp al, '9'
        jbe .d
        add al, 7
.d:     call putc
        pop eax
        loop puthex
        pop ecx
        ret
