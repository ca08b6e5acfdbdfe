; dbgtest.asm -- the debug registers: DR0-DR3 instruction, write, read/write and I/O breakpoints
; (DR7 enables, R/W and LEN fields), DR6 status (B0-B3, BS, BD), RF suppressing an instruction
; breakpoint on return, TF single-step, general detect (DR7.GD), and DR4/DR5 aliasing DR6/DR7
; unless CR4.DE makes them #UD; a data breakpoint inside, and single-step through, REP STOSB.
; Then the RF rules (SDM vol. 3, 17.3.1.1): IRET popping RF, RF pushed for faults and for traps
; between REP iterations; data breakpoints on implicit accesses (stack, XCHG, CMPXCHG, x87, SSE,
; FXSAVE); breakpoint lengths, alignment and straddling accesses; and the MOV SS / POP SS shadow,
; which holds back data-breakpoint and single-step traps and instruction breakpoints (6.8.3);
; and single-step over INT n, whose handler entry discards the INT's own trap.
; Instruction breakpoints are faults (EIP at the instruction), data and I/O breakpoints traps (EIP
; after it, or still on a REP instruction with iterations left).
; Multiboot (a.out kludge) flat binary at 1 MiB; prints on COM1; exits through port 0xf4.
; Build: nasm -f bin -I ../include/ -o dbgtest.bin dbgtest.asm

%include "guest.inc"

MULTIBOOT_AOUT 0, load_end, bss_end

start:  FLAT32_ENTRY 0x90000
        GATE 1, db_handler
        GATE 6, ud_handler
        GATE 0, de_handler
        GATE 0x40, int40
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
        call put_hex4_uc
        call put_lf

        ; 2. write breakpoint (DR1, G1, R/W 01, LEN 11 = 4 bytes): reads pass, a write traps
        SAY s_write
        mov eax, var1
        mov dr1, eax
        mov eax, 0x00d00008
        mov dr7, eax
        mov eax, [var1]                 ; read: no #DB
        mov byte [var1 + 3], 0x55       ; write to the last byte: #DB after it
        mov eax, [var1]
        call put_hex8_uc
        call put_lf

        ; 3. read/write breakpoint (DR2, L2, R/W 11, LEN 01 = 2 bytes at var2+2)
        SAY s_rw
        mov eax, var2 + 2
        mov dr2, eax
        mov eax, 0x07300010
        mov dr7, eax
        mov al, [var2]                  ; outside the two bytes: no #DB
        mov eax, [var2]                 ; overlaps: #DB
        mov word [var2 + 2], 0x1234     ; write: #DB
        call put_lf

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
        call put_lf

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
        call put_hex8_uc
        mov al, ' '
        call putc
        mov eax, 0xffff0ff2             ; write DR6 through DR4
        mov dr4, eax
        mov eax, dr6
        call put_hex8_uc
        call put_lf
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
        call put_lf

        ; 7. a write breakpoint and single-step in one instruction: one #DB with B1 and BS
        SAY s_both
        mov eax, 0x00d00008
        mov dr7, eax
        mov dword [steps], 1
        pushfd
        or dword [esp], 0x100
        popfd
        mov dword [var1], 0
        call put_lf

        ; 8. general detect: with DR7.GD any MOV DR is a #DB fault (DR6.BD); entering the handler
        ;    clears GD, so the MOV runs when the handler returns
        SAY s_gd
        mov eax, 0x00002000
        mov dr7, eax
        mov eax, dr0                    ; #DB, then runs
        call put_hex8_uc
        mov al, ' '
        call putc
        mov eax, dr7
        call put_hex8_uc
        call put_lf

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
        call put_hex4_uc
        mov al, ' '
        call putc
        mov eax, [var3 + 4]
        call put_hex8_uc
        call put_lf

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
        call put_lf

        ; --- from here the #DB handler also prints the EFLAGS.RF it finds pushed ---
        mov byte [show_rf], 1

        ; 11. IRET popping RF = 1: the instruction breakpoint at the return address (DR0) is
        ;     suppressed for that one instruction; the next one's (DR1) fires
        SAY s_iret_rf
        mov eax, rf_a
        mov dr0, eax
        mov eax, rf_b
        mov dr1, eax
        mov eax, 0x00000005             ; L0, L1: instruction breakpoints
        mov dr7, eax
        pushfd
        or dword [esp], 0x10000         ; RF
        push cs
        push rf_a
        iretd
rf_a:   nop                             ; no #DB: RF
rf_b:   nop                             ; #DB (B1); the handler sets RF and it runs
        xor eax, eax
        mov dr7, eax
        call put_lf

        ; 12. a fault pushes RF = 1: the instruction breakpoint on DIV fires first (RF = 0 pushed),
        ;     then the DIV faults (#DE, RF = 1 pushed); the #DE handler fixes ECX and returns, and
        ;     the DIV runs without its breakpoint firing again
        SAY s_fault_rf
        mov eax, rf_div
        mov dr0, eax
        mov eax, 0x00000001
        mov dr7, eax
        xor edx, edx
        mov eax, 0x1234
        xor ecx, ecx
rf_div: div ecx
        xor eax, eax
        mov dr7, eax
        call put_lf

        ; 13. RF pushed by a data breakpoint's trap inside REP STOSB: 1 while iterations remain,
        ;     0 after the last iteration
        SAY s_rep_rf
        mov eax, var3 + 1
        mov dr1, eax
        mov eax, var3 + 7
        mov dr2, eax
        mov eax, 0x01100028             ; G1, G2: 1-byte write breakpoints
        mov dr7, eax
        mov edi, var3
        mov ecx, 8
        mov al, 0x77
        rep stosb
        xor eax, eax
        mov dr7, eax
        call put_lf

        ; 14. write breakpoints on the implicit stack accesses of PUSH, CALL and ENTER (a trap
        ;     after the instruction: for CALL at the target). An interrupt frame's push is left to
        ;     the unit tests (DebugExceptionTest): QEMU 7.2 TCG aborts on a watchpoint hit while it
        ;     delivers an interrupt
        SAY s_stack
        mov esp, tstack_top
        mov eax, tstack_top - 4
        mov dr0, eax
        mov eax, 0x000d0002             ; G0, R/W0 01 (write), LEN0 11 (4 bytes)
        mov dr7, eax
        push eax                        ; #DB after it
        pop eax                         ; a read: no #DB
        call stack_sub                  ; #DB at stack_sub
        enter 8, 0                      ; pushes EBP: #DB after it
        leave
        xor eax, eax
        mov dr7, eax
        mov esp, 0x90000
        call put_lf

        ; 15. read/write breakpoints on XCHG, CMPXCHG (writes memory back even when the compare
        ;     fails), x87 and SSE operands and FXSAVE
        SAY s_other
        mov eax, cr4
        or eax, 0x600                   ; OSFXSR, OSXMMEXCPT
        mov cr4, eax
        mov eax, cr0
        and eax, ~0x0c                  ; EM, TS clear
        or eax, 0x22                    ; MP, NE
        mov cr0, eax
        fninit
        mov eax, wvar
        mov dr0, eax
        mov eax, fxarea + 0xa0          ; XMM0's slot in the FXSAVE image
        mov dr1, eax
        mov eax, 0x00df000a             ; G0: R/W 11 LEN 11; G1: R/W 01 LEN 11
        mov dr7, eax
        mov ebx, 5
        xchg [wvar], ebx                ; #DB
        mov eax, 0xdead                 ; not equal to [wvar]
        cmpxchg [wvar], ebx             ; fails, still writes: #DB
        fld dword [wvar]                ; x87 read: #DB
        fstp dword [wvar]               ; x87 write: #DB
        movups xmm0, [wvar - 12]        ; 16-byte read reaching wvar: #DB
        fxsave [fxarea]                 ; writes XMM0's slot: #DB (B1)
        xor eax, eax
        mov dr7, eax
        call put_lf

        ; 16. lengths and alignment: LEN 2 at wvar+1 is wvar..wvar+1, LEN 8 at wvar+13 is
        ;     wvar+8..wvar+15 (the address is aligned down); an access straddling a range hits
        SAY s_len
        mov eax, wvar + 1
        mov dr0, eax
        mov eax, wvar + 13
        mov dr1, eax
        mov eax, 0x00b5000a             ; G0: write LEN 01 (2); G1: write LEN 10 (8)
        mov dr7, eax
        mov byte [wvar + 2], 1          ; outside DR0's two bytes: no #DB
        mov byte [wvar], 1              ; #DB (B0)
        mov byte [wvar + 7], 1          ; outside both: no #DB
        mov word [wvar + 7], 1          ; straddles into DR1's range: #DB (B1)
        mov byte [wvar + 15], 1         ; #DB (B1)
        mov byte [wvar + 16], 1         ; no #DB
        mov dword [wvar - 3], 1         ; straddles into DR0's range: #DB (B0)
        xor eax, eax
        mov dr7, eax
        call put_lf

        ; 17. MOV SS: the #DB for a data breakpoint it hits waits until the next instruction
        ;     has run; with an INT next, the #DB comes at the interrupt handler
        SAY s_movss
        mov eax, ss_sel
        mov dr0, eax
        mov eax, 0x00070002             ; G0: R/W 11 (read/write), LEN 01 (2 bytes)
        mov dr7, eax
        mov ss, [ss_sel]                ; #DB held back...
        mov eax, 1                      ; ...until after this
        mov ss, [ss_sel]
        int 0x40                        ; #DB at int40
        xor eax, eax
        mov dr7, eax
        call put_lf

        ; 18. POP SS reading a watched stack slot: the same
        SAY s_popss
        push ss
        mov eax, esp
        mov dr0, eax
        mov eax, 0x00070002
        mov dr7, eax
        pop ss                          ; #DB held back...
        sub esp, 16                     ; ...until after this (the #DB frame goes below)
        add esp, 16
        xor eax, eax
        mov dr7, eax
        call put_lf

        ; 19. single-step over MOV SS: no trap after it, one after the next instruction; and the
        ;     instruction breakpoint on that next instruction is inhibited too
        SAY s_ss_step
        mov eax, ss_next
        mov dr0, eax
        mov eax, 0x00000001
        mov dr7, eax
        mov dword [steps], 2
        mov ax, ss
        pushfd
        or dword [esp], 0x100
        popfd
        mov ss, ax                      ; no trap here
ss_next:
        nop                             ; no instruction breakpoint; #DB (BS) after it
        nop                             ; #DB (BS); the handler clears TF
        xor eax, eax
        mov dr7, eax
        call put_lf

        ; 20. single-step over INT: entering the handler clears TF and discards the INT's own
        ;     trap; the handler is not stepped, and stepping resumes after its IRET
        SAY s_int_step
        mov dword [steps], 3
        pushfd
        or dword [esp], 0x100
        popfd
        nop                             ; #DB after it
        int 0x40                        ; no #DB
        nop                             ; #DB after it
        nop                             ; #DB; the handler clears TF
        call put_lf

        SAY s_done
        EXIT

stack_sub:
        ret

; INT 0x40: returns at once
int40:  iret

; #DE: prints the EFLAGS.RF it finds pushed, makes the divisor 1 and returns to the DIV
de_handler:
        push eax
        push esi
        SAY s_de
        test dword [esp + 16], 0x10000
        setnz al
        add al, '0'
        call putc
        mov al, ' '
        call putc
        mov ecx, 1
        pop esi
        pop eax
        iret

; #DB: prints EIP and DR6, clears DR6, sets RF in the saved EFLAGS (so an instruction breakpoint
; lets its instruction run), and counts down single steps, clearing TF after the last.
db_handler:
        push eax
        push esi
        SAY s_db
        mov eax, [esp + 8]
        call put_hex8_uc
        SAY s_dr6
        mov eax, dr6
        call put_hex8_uc
        cmp byte [show_rf], 0
        je .dr6
        SAY s_rf
        test dword [esp + 16], 0x10000
        setnz al
        add al, '0'
        call putc
.dr6:   mov al, ' '
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
        call put_hex8_uc
        mov al, ' '
        call putc
        movzx eax, byte [ud_skip]
        add [esp + 8], eax
        pop esi
        pop eax
        iret

COM1_ROUTINES

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
s_iret_rf: db 'IRET with RF: ', 0
s_fault_rf: db 'fault pushes RF: ', 0
s_rep_rf: db 'RF inside REP STOSB: ', 0
s_stack: db 'stack accesses: ', 0
s_other: db 'XCHG/CMPXCHG/x87/SSE/FXSAVE: ', 0
s_len:   db 'lengths and alignment: ', 0
s_movss: db 'MOV SS: ', 0
s_popss: db 'POP SS: ', 0
s_ss_step: db 'single-step over MOV SS: ', 0
s_int_step: db 'single-step over INT: ', 0
s_rf:    db ' rf=', 0
s_de:    db '#DE rf=', 0
s_done:  db 'dbgtest done', 10, 0
s_db:    db '#DB eip=', 0
s_dr6:   db ' dr6=', 0
s_ud:    db '#UD eip=', 0
align 4
var1:    dd 0x11223344
var2:    dd 0xaabbccdd
var3:    dd 0, 0
ss_sel:  dw 0x10
align 16
         dd 0, 0, 0, 0
wvar:    dd 0, 0, 0, 0, 0, 0, 0, 0
load_end:
align 16
counter: dd 0
steps:   dd 0
ud_skip: db 0
show_rf: db 0
align 16
fxarea:  times 512 db 0
tstack:  times 64 db 0
tstack_top:
align 16
idt:     times 256 * 8 db 0
bss_end:
