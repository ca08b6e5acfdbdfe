; echo: a guest to type into. It prints a prompt on COM1, echoes what it receives (polling the
; line status register) until a carriage return or line feed, prints the whole line back, then
; writes 0 to isa-debug-exit (0xf4) and halts. The serial system test types into it through a
; TCP socket (-serial tcp:127.0.0.1:PORT,server).
;
; Build: nasm -f bin -o echo.elf echo.asm   (a multiboot a.out-kludge image at 1 MiB)

bits 32
%include "../lib/macros.inc"
org 0x100000

LINE_MAX    equ 64

header:
    dd 0x1BADB002, 0x00010003, -(0x1BADB002 + 0x00010003)
    dd header, header, load_end, bss_end, start

start:
    cli
    mov esp, stack_top
    call setup_cpu
    PRINTLN "echo: type a line"
    mov edi, line
.key:
    call getc
    cmp al, 13
    je .done
    cmp al, 10
    je .done
    call putc
    cmp edi, line + LINE_MAX
    jae .key
    stosb
    jmp .key
.done:
    mov byte [edi], 0
    call newline
    PRINT "echo: got '"
    mov esi, line
    call puts
    PRINTLN "'"
    jmp exit

getc:                                   ; -> al: the next received byte
    push edx
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 1
    jz .wait
    mov dx, COM1
    in al, dx
    pop edx
    ret

%include "../lib/console.inc"
align 16
load_end:

absolute load_end
line:       resb LINE_MAX + 1
idt:        resb 256 * 8
counts:     resd 256
            resb 8192
stack_top:
bss_end:
