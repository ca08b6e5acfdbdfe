; x87lazy: the x87 with lazy context switching (#NM) and unmasked exceptions (#MF).
;
; 1. Extended-precision results printed bit for bit: sqrt(2) as an 80-bit value and 1/3 stored as a
;    double in each of the four rounding modes.
; 2. Two tasks, A (sum of 1/k) and B (product of (1 + 1/k)), each keep a running value on their own
;    x87 stack. The "scheduler" switches by setting CR0.TS; the task's next x87 instruction raises
;    #NM and the handler moves the x87 state lazily (FNSAVE the owner's, FRSTOR the new task's).
; 3. With divide-by-zero unmasked, 1/0 leaves an exception pending: the next waiting instruction
;    (FWAIT, then an FADD) raises #MF (CR0.NE set); the handler prints FSW and clears it.
; Prints on COM1, writes 0 to isa-debug-exit (0xf4) and halts.
;
; Build: nasm -f bin -I ../include/ -o x87lazy.elf x87lazy.asm   (a multiboot a.out-kludge image at 1 MiB)
; QEMU: qemu-system-x86_64 -kernel x87lazy.elf -nographic -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4

%include "guest.inc"

ROUNDS      equ 6

    MULTIBOOT_AOUT 3, image_end, image_end

start:
    FLAT32_ENTRY stack_top
    GATE 7, nm_handler
    GATE 16, mf_handler
    lidt [idtr]
    mov eax, cr0
    and eax, ~0x0c                  ; EM and TS off
    or eax, 0x22                    ; MP and NE on: #MF, and WAIT honours TS
    mov cr0, eax

    mov esi, msg_start
    call puts

    ; --- 1. bit-exact results
    fninit
    fld1
    fadd st0, st0
    fsqrt
    fstp tword [tmp]
    mov esi, msg_sqrt2
    call puts
    movzx eax, word [tmp + 8]
    HEX 4, eax
    mov al, ' '
    call putc
    mov eax, [tmp + 4]
    call put_hex8_lc
    mov eax, [tmp]
    call put_hex8_lc
    call put_lf

    xor ecx, ecx
.third:
    mov eax, ecx
    shl eax, 10
    or eax, 0x037f
    mov [cw], ax
    fldcw [cw]
    fld1
    fidiv dword [three]
    fstp qword [tmp]
    mov esi, msg_third
    call puts
    mov eax, ecx
    HEX 1, eax
    mov al, '='
    call putc
    mov eax, [tmp + 4]
    call put_hex8_lc
    mov eax, [tmp]
    call put_hex8_lc
    call put_lf
    inc ecx
    cmp ecx, 4
    jb .third

    ; --- 2. lazy switching: both tasks start from the FNINIT state
    fninit
    fnsave [area_a]                 ; FNSAVE reinitialises, so this saves the INIT state twice
    fnsave [area_b]
    mov dword [owner], 0            ; nobody owns the x87 registers yet
    mov dword [k], 1
.round:
    mov dword [current], 'A'
    call switch
    call task_a
    mov dword [current], 'B'
    call switch
    call task_b
    inc dword [k]
    cmp dword [k], ROUNDS
    jbe .round
    mov dword [current], 'A'
    call switch
    mov esi, msg_sum
    call print_st0
    mov dword [current], 'B'
    call switch
    mov esi, msg_product
    call print_st0

    ; --- 3. #MF: divide by zero unmasked
    fninit
    mov word [cw], 0x037b
    fldcw [cw]
    fld1
    fldz
    fdivp st1, st0                  ; ZE with ZM clear: pending
    mov esi, msg_pending
    call puts
    fwait                           ; #MF
    mov esi, msg_after_wait
    call puts
    fld1
    fldz
    fdivp st1, st0
    fadd st0, st0                   ; #MF before the FADD runs
    mov esi, msg_after_fadd
    call puts
    mov eax, [mf_count]
    HEX 1, eax
    call put_lf

    mov esi, msg_done
    call puts
    mov dx, 0xf4
    xor eax, eax
    out dx, eax
.halt:
    cli
    hlt
    jmp .halt

; a task switch as a lazy kernel does it: only CR0.TS
switch:
    mov eax, cr0
    or eax, 8
    mov cr0, eax
    ret

; task A: ST0 += 1/k (its x87 stack holds the running sum)
task_a:
    fld1
    fidiv dword [k]
    cmp dword [k], 1
    je .first
    faddp st1, st0
.first:
    ret

; task B: ST0 *= 1 + 1/k
task_b:
    fld1
    fidiv dword [k]
    fld1
    faddp st1, st0
    cmp dword [k], 1
    je .first
    fmulp st1, st0
.first:
    ret

; #NM: give the x87 to the current task
nm_handler:
    pushad
    clts
    mov eax, [owner]
    cmp eax, [current]
    je .done
    test eax, eax
    jz .load
    mov edi, area_a
    cmp eax, 'A'
    je .save
    mov edi, area_b
.save:
    fnsave [edi]
.load:
    mov edi, area_a
    cmp dword [current], 'A'
    je .restore
    mov edi, area_b
.restore:
    frstor [edi]
    mov eax, [current]
    mov [owner], eax
    mov esi, msg_nm
    call puts
    mov al, [current]
    call putc
    call put_lf
.done:
    popad
    iret

; #MF: report the status word and clear the exception
mf_handler:
    pushad
    fnstsw ax
    mov ebx, eax                    ; puts uses AL
    mov esi, msg_mf
    call puts
    mov eax, ebx
    HEX 4, eax
    call put_lf
    fnclex
    inc dword [mf_count]
    popad
    iret

; prints esi then ST0 as a double (hex), without popping
print_st0:
    fst qword [tmp]                 ; first: it may take the #NM
    call puts
    mov eax, [tmp + 4]
    call put_hex8_lc
    mov eax, [tmp]
    call put_hex8_lc
    jmp put_lf

    COM1_ROUTINES

msg_start:      db "x87: start", 10, 0
msg_sqrt2:      db "x87: sqrt(2) = ", 0
msg_third:      db "x87: 1/3 in rounding mode ", 0
msg_nm:         db "x87: #NM, the x87 moves to task ", 0
msg_sum:        db "x87: task A sum = ", 0
msg_product:    db "x87: task B product = ", 0
msg_pending:    db "x87: 1/0 with ZE unmasked is pending", 10, 0
msg_mf:         db "x87: #MF, FSW = ", 0
msg_after_wait: db "x87: FWAIT completes after the handler", 10, 0
msg_after_fadd: db "x87: FADD completes after the handler, #MF count ", 0
msg_done:       db "x87: done", 10, 0
three:          dd 3

    FLAT_GDT
gdt_end:
    TABLE_REGISTERS 17

align 16
image_end:
; data beyond the image (the loader gives us the memory; everything below is written before it is read)
idt         equ image_end
tmp         equ image_end + 0x100
cw          equ image_end + 0x110
k           equ image_end + 0x114
current     equ image_end + 0x118
owner       equ image_end + 0x11c
mf_count    equ image_end + 0x120
area_a      equ image_end + 0x200
area_b      equ image_end + 0x300
stack_top   equ image_end + 0x2000
