; tasktest.asm -- hardware task switching with 32-bit TSSs: CALL to a TSS and IRET back through
; the back link (NT), JMP through a task gate and JMP back to a TSS, and a double fault delivered
; through a task gate (the way 32-bit kernels survive a broken stack); with 16-bit (80286) TSSs:
; CALL to one and IRET back, INT through an IDT task gate to one; a TSS with its T bit set (#DB
; with DR6.BT before the new task's first instruction).
; Multiboot (a.out kludge) flat binary at 1 MiB; prints on COM1; exits through port 0xf4.
; Build: nasm -f bin -I ../include/ -o tasktest.bin tasktest.asm

%include "guest.inc"

MULTIBOOT_AOUT 0, load_end, bss_end

%macro TSS_INIT 3               ; tss, eip, esp
        mov dword [%1 + 0x20], %2
        mov dword [%1 + 0x24], 0x002
        mov dword [%1 + 0x38], %3
        mov dword [%1 + 0x48], 0x10     ; ES
        mov dword [%1 + 0x4c], 0x08     ; CS
        mov dword [%1 + 0x50], 0x10     ; SS
        mov dword [%1 + 0x54], 0x10     ; DS
        mov dword [%1 + 0x58], 0x10     ; FS
        mov dword [%1 + 0x5c], 0x10     ; GS
%endmacro

%macro TSS16_INIT 3             ; 16-bit tss, ip, sp
        mov word [%1 + 0x0e], %2 - 0x100000   ; IP: an offset in the code segment based at 1 MiB
        mov word [%1 + 0x10], 0x002
        mov word [%1 + 0x1a], %3
        mov word [%1 + 0x22], 0x10      ; ES
        mov word [%1 + 0x24], 0x48      ; CS: 32-bit code based at 1 MiB
        mov word [%1 + 0x26], 0x10      ; SS
        mov word [%1 + 0x28], 0x10      ; DS
%endmacro

start:  FLAT32_ENTRY 0x90000
        TSS_INIT tss_b, task_b, 0x80000
        TSS_INIT tss_df, task_df, 0x70000
        TSS_INIT tss_e, task_e, 0x60000
        mov byte [tss_e + 0x64], 1      ; T: debug trap on switching to this task
        TSS16_INIT tss_c, task_c, 0xf000
        TSS16_INIT tss_d, task_d, 0xe000
        mov word [tss_c + 0x18], 0xbeef ; BX of task C
        ; IDT: INT 0x40 through a task gate to the 16-bit TSS D; #DB through an interrupt gate
        mov word [idt + 0x40*8 + 2], 0x40
        mov word [idt + 0x40*8 + 4], 0x8500
        GATE 1, db_handler
        ; IDT: #DF through a task gate; #GP's gate not present, so a #GP becomes a double fault
        mov word [idt + 8*8 + 2], 0x28
        mov word [idt + 8*8 + 4], 0x8500
        mov ax, 0x18
        ltr ax
        lidt [idtr]
        mov esi, s_start
        call puts
        call 0x20:0             ; CALL to TSS B
        call back_in_a
        call 0x38:0             ; CALL to the 16-bit TSS C
        call back_in_a
        int 0x40                ; through the IDT task gate to the 16-bit TSS D
        call back_in_a
        call 0x50:0             ; CALL to TSS E, whose T bit raises #DB first
        call back_in_a
        jmp 0x30:0              ; JMP through the task gate to B
        mov esi, s_back2
        call puts
        mov ax, 0x1f8           ; beyond the GDT: #GP -> #NP (gate absent) -> #DF -> task
        mov ds, ax
        hlt

task_b: mov esi, s_b
        call puts
        movzx eax, word [tss_b] ; back link
        call put_hex4_uc
        call put_nt
        iret                    ; NT: back to the task in the back link
        mov esi, s_b2           ; resumed here by the later JMP
        call puts
        jmp 0x18:0              ; back to task A (not busy after its JMP)

; tasks C and D run with a 16-bit TSS and 32-bit code based at 1 MiB (selector 0x48), so their
; offsets fit the TSS's 16-bit IP (near calls are relative); data are reached through the flat DS
task_c: mov esi, s_c
        call puts
        movzx eax, word [tss_c] ; back link
        call put_hex4_uc
        mov al, ' '
        call putc
        mov eax, ebx            ; BX from the TSS
        call put_hex4_uc
        call put_nt
        iret

task_d: mov esi, s_d
        call puts
        movzx eax, word [tss_d] ; back link
        call put_hex4_uc
        mov al, 10
        call putc
        iret

task_e: mov esi, s_e
        call puts
        iret

; prints " NT" (the NT flag as 0000 or 0001) and a new line
put_nt: mov al, ' '
        call putc
        pushfd
        pop eax
        shr eax, 14
        and eax, 1
        call put_hex4_uc
        jmp put_lf

back_in_a:
        mov esi, s_back
        call puts
        str ax
        call put_hex4_uc
        jmp put_lf

db_handler:
        push eax
        push esi
        mov esi, s_db
        call puts
        mov eax, dr6
        call put_hex8_uc
        mov al, 10
        call putc
        pop esi
        pop eax
        iret

task_df:
        mov esi, s_df
        call puts
        movzx eax, word [tss_df] ; back link to the faulting task
        call put_hex4_uc
        mov al, ' '
        call putc
        pop eax                 ; the #DF error code, pushed on this task's stack
        call put_hex4_uc
        call put_lf
        EXIT

COM1_ROUTINES

FLAT_GDT                        ; 0x08 code, 0x10 data
        dw 0x67, tss_a - 0x100000, 0x8910, 0   ; 0x18 TSS A (the image is < 64 KiB past 1 MiB)
        dw 0x67, tss_b - 0x100000, 0x8910, 0   ; 0x20 TSS B
        dw 0x67, tss_df - 0x100000, 0x8910, 0  ; 0x28 TSS for double faults
        dw 0, 0x20, 0x8500, 0                  ; 0x30 task gate to B
        dw 0x2b, tss_c - 0x100000, 0x8110, 0   ; 0x38 16-bit TSS C
        dw 0x2b, tss_d - 0x100000, 0x8110, 0   ; 0x40 16-bit TSS D
        dq 0x00cf9a100000ffff                  ; 0x48 code based at 1 MiB
        dw 0x67, tss_e - 0x100000, 0x8910, 0   ; 0x50 TSS E (T bit set)
gdt_end:
TABLE_REGISTERS
s_start: db 'tasktest', 10, 0
s_b:     db 'task B: back link, NT = ', 0
s_back:  db 'back in task A, TR = ', 0
s_b2:    db 'task B again, through the task gate', 10, 0
s_back2: db 'task A again', 10, 0
s_df:    db 'double fault task: back link, error = ', 0
s_c:     db 'task C (16-bit TSS): back link, BX, NT = ', 0
s_d:     db 'task D (16-bit TSS, IDT task gate): back link = ', 0
s_e:     db 'task E', 10, 0
s_db:    db '#DB on entering task E: dr6 = ', 0
load_end:
align 16
tss_a:   times 0x68 db 0
tss_b:   times 0x68 db 0
tss_df:  times 0x68 db 0
tss_e:   times 0x68 db 0
tss_c:   times 0x2c db 0
tss_d:   times 0x2c db 0
align 16
idt:     times 256 * 8 db 0
bss_end:
