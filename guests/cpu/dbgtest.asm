; dbgtest.asm -- the debug registers: DR0-DR3 instruction, write, read/write and I/O breakpoints
; (DR7 enables, R/W and LEN fields), DR6 status (B0-B3, BS, BD), RF suppressing an instruction
; breakpoint on return, TF single-step, general detect (DR7.GD), and DR4/DR5 aliasing DR6/DR7
; unless CR4.DE makes them #UD; a data breakpoint inside, and single-step through, REP STOSB.
; Instruction breakpoints are faults (EIP at the instruction), data and I/O breakpoints traps (EIP
; after it, or still on a REP instruction with iterations left).
; Multiboot (a.out kludge) flat binary at 1 MiB; prints on COM1; exits through port 0xf4.
; Build: nasm -f bin -o dbgtest.bin dbgtest.asm

bits 32
org 0x100000

%include "flatpm.inc.asm"

MULTIBOOT_HEADER

start:  FLAT_PM_ENTRY 0x90000
        GATE 1, db_handler
        GATE 6, ud_handler
        lidt [idtr]
        SAY s_start

        ; 1. instruction breakpoint (DR0, L0, R/W 00, LEN 00): a fault at the instruction; the
        ;    handler sets RF so the instruction runs on return; it fires again on the next pass
        SAY s_exec
        mov eax, ibp
        mov dr0, eax
        mov eax, 0x00000001
        mov dr7, eax
        mov ecx, 2
again:  nop
ibp:    inc dword [counter]
        loop again
        mov eax, [counter]
        call puthex4
        call putnl

        ; 2. write breakpoint (DR1, G1, R/W 01, LEN 11 = 4 bytes): reads pass, a write traps
        SAY s_write
        mov eax, var1
        mov dr1, eax
        mov eax, 0x00d00008
        mov dr7, eax
        mov eax, [var1]                 ; read: no #DB
        mov byte [var1 + 3], 0x55       ; write to the last byte: #DB after it
        mov eax, [var1]
        call puthex8
        call putnl

        ; 3. read/write breakpoint (DR2, L2, R/W 11, LEN 01 = 2 bytes at var2+2)
        SAY s_rw
        mov eax, var2 + 2
        mov dr2, eax
        mov eax, 0x07300010
        mov dr7, eax
        mov al, [var2]                  ; outside the two bytes: no #DB
        mov eax, [var2]                 ; overlaps: #DB
        mov word [var2 + 2], 0x1234     ; write: #DB
        call putnl

        ; 4. I/O breakpoint (DR3, L3, R/W 10, LEN 00) on port 0x80, with CR4.DE
        SAY s_io
        mov eax, cr4
        or eax, 8
        mov cr4, eax
        mov eax, 0x80
        mov dr3, eax
        mov eax, 0x20000040
        mov dr7, eax
        mov al, 0x42
        out 0x81, al                    ; another port: no #DB
        out 0x80, al                    ; #DB after the OUT
        call putnl

        ; 5. DR4/DR5: #UD with CR4.DE, aliases of DR6/DR7 without
        SAY s_alias
        xor eax, eax
        mov dr7, eax
        mov byte [ud_skip], 3
        mov eax, dr5                    ; CR4.DE is set: #UD
        mov eax, cr4
        and eax, ~8
        mov cr4, eax
        mov eax, 0x00000003
        mov dr7, eax                    ; enable DR0 (still ibp, not reached again)
        mov eax, dr5                    ; = DR7
        call puthex8
        mov al, ' '
        call putc
        mov eax, 0xffff0ff2             ; write DR6 through DR4
        mov dr4, eax
        mov eax, dr6
        call puthex8
        call putnl
        xor eax, eax
        mov dr7, eax
        mov dr6, eax

        ; 6. single-step: TF set by POPF traps after each following instruction (DR6.BS)
        SAY s_step
        mov dword [steps], 3
        pushfd
        or dword [esp], 0x100
        popfd                           ; TF takes effect after this instruction
        mov eax, 1
        mov eax, 2
        mov eax, 3                      ; the handler clears TF after the third trap
        call putnl

        ; 7. a write breakpoint and single-step in one instruction: one #DB with B1 and BS
        SAY s_both
        mov eax, 0x00d00008
        mov dr7, eax
        mov dword [steps], 1
        pushfd
        or dword [esp], 0x100
        popfd
        mov dword [var1], 0
        call putnl

        ; 8. general detect: with DR7.GD any MOV DR is a #DB fault (DR6.BD); entering the handler
        ;    clears GD, so the MOV runs when the handler returns
        SAY s_gd
        mov eax, 0x00002000
        mov dr7, eax
        mov eax, dr0                    ; #DB, then runs
        call puthex8
        mov al, ' '
        call putc
        mov eax, dr7
        call puthex8
        call putnl

        ; 9. a data breakpoint inside REP STOSB: the trap comes after the iteration that wrote the
        ;    watched byte, with EIP still on the instruction; the rest of the string follows on return
        SAY s_rep
        mov eax, var3 + 3
        mov dr1, eax
        mov eax, 0x00100008              ; G1, R/W1 01, LEN1 00 (1 byte)
        mov dr7, eax
        mov edi, var3
        mov ecx, 8
        mov al, 0xee
        cld
rep_at: rep stosb
        xor eax, eax
        mov dr7, eax
        mov eax, ecx
        call puthex4
        mov al, ' '
        call putc
        mov eax, [var3 + 4]
        call puthex8
        call putnl

        ; 10. single-step through REP STOSB: a trap after each iteration
        SAY s_rep_step
        mov edi, var3
        mov ecx, 2
        mov dword [steps], 3
        pushfd
        or dword [esp], 0x100
        popfd
rep_step_at:
        rep stosb                       ; traps at the instruction, then after it; then after the CALL
        call putnl

        SAY s_done
        EXIT

; #DB: prints EIP and DR6, clears DR6, sets RF in the saved EFLAGS (so an instruction breakpoint
; lets its instruction run), and counts down single steps, clearing TF after the last.
db_handler:
        push eax
        push esi
        SAY s_db
        mov eax, [esp + 8]
        call puthex8
        SAY s_dr6
        mov eax, dr6
        call puthex8
        mov al, ' '
        call putc
        xor eax, eax
        mov dr6, eax
        or dword [esp + 16], 0x10000    ; RF
        test dword [esp + 16], 0x100
        jz .out
        dec dword [steps]
        jnz .out
        and dword [esp + 16], ~0x100
.out:   pop esi
        pop eax
        iret

; #UD: prints EIP and skips the faulting instruction (ud_skip bytes)
ud_handler:
        push eax
        push esi
        SAY s_ud
        mov eax, [esp + 8]
        call puthex8
        mov al, ' '
        call putc
        movzx eax, byte [ud_skip]
        add [esp + 8], eax
        pop esi
        pop eax
        iret

%include "serial.inc.asm"

FLAT_GDT                        ; 0x08 code, 0x10 data
gdt_end:
TABLE_REGISTERS
s_start: db 'dbgtest', 10, 0
s_exec:  db 'exec breakpoint: ', 0
s_write: db 'write breakpoint: ', 0
s_rw:    db 'read/write breakpoint: ', 0
s_io:    db 'I/O breakpoint: ', 0
s_alias: db 'DR4/DR5: ', 0
s_step:  db 'single-step: ', 0
s_both:  db 'write breakpoint + single-step: ', 0
s_gd:    db 'general detect: ', 0
s_rep:   db 'REP STOSB over a write breakpoint: ', 0
s_rep_step: db 'single-step through REP STOSB: ', 0
s_done:  db 'dbgtest done', 10, 0
s_db:    db '#DB eip=', 0
s_dr6:   db ' dr6=', 0
s_ud:    db '#UD eip=', 0
align 4
var1:    dd 0x11223344
var2:    dd 0xaabbccdd
var3:    dd 0, 0
load_end:
align 16
counter: dd 0
steps:   dd 0
ud_skip: db 0
align 16
idt:     times 256 * 8 db 0
bss_end:
