; echo: a guest to type into. It prints a prompt on COM1, echoes what it receives (polling the
; line status register) until a carriage return or line feed, prints the whole line back, then
; writes 0 to isa-debug-exit (0xf4) and halts. The serial system test types into it through a
; TCP socket (-serial tcp:127.0.0.1:PORT,server).
;
; Build: nasm -f bin -I ../include/ -o echo.elf echo.asm   (a multiboot a.out-kludge image at 1 MiB)

%include "guest.inc"

LINE_MAX    equ 64

MULTIBOOT_AOUT 3, load_end, bss_end

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

            COM1_ROUTINES
            IRQ_COUNTING_ROUTINES
            EXIT_ROUTINE
align 16
load_end:

absolute load_end
line:       resb LINE_MAX + 1
            IRQ_COUNTING_BSS
            BSS_STACK_AND_END 8192
