; tasktest.asm -- hardware task switching with 32-bit TSSs: CALL to a TSS and IRET back through
; the back link (NT), JMP through a task gate and JMP back to a TSS, and a double fault delivered
; through a task gate (the way 32-bit kernels survive a broken stack).
; Multiboot (a.out kludge) flat binary at 1 MiB; prints on COM1; exits through port 0xf4.
; Build: nasm -f bin -o tasktest.bin tasktest.asm

bits 32
org 0x100000
COM1    equ 0x3f8

mb:     dd 0x1badb002, 0x00010000, -(0x1badb002 + 0x00010000)
        dd mb, mb, load_end, bss_end, start

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

start:  cli
        lgdt [gdtr]
        jmp 0x08:.pm
.pm:    mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax
        mov ss, ax
        mov esp, 0x90000
        TSS_INIT tss_b, task_b, 0x80000
        TSS_INIT tss_df, task_df, 0x70000
        ; IDT: #DF through a task gate; #GP's gate not present, so a #GP becomes a double fault
        mov word [idt + 8*8 + 2], 0x28
        mov word [idt + 8*8 + 4], 0x8500
        mov ax, 0x18
        ltr ax
        lidt [idtr]
        mov esi, s_start
        call puts
        call 0x20:0             ; CALL to TSS B
        mov esi, s_back
        call puts
        str ax
        call puthex4
        call putnl
        jmp 0x30:0              ; JMP through the task gate to B
        mov esi, s_back2
        call puts
        mov ax, 0x1f8           ; beyond the GDT: #GP -> #NP (gate absent) -> #DF -> task
        mov ds, ax
        hlt

task_b: mov esi, s_b
        call puts
        movzx eax, word [tss_b] ; back link
        call puthex4
        mov al, ' '
        call putc
        pushfd
        pop eax
        shr eax, 14
        and eax, 1              ; NT
        call puthex4
        call putnl
        iret                    ; NT: back to the task in the back link
        mov esi, s_b2           ; resumed here by the later JMP
        call puts
        jmp 0x18:0              ; back to task A (not busy after its JMP)

task_df:
        mov esi, s_df
        call puts
        movzx eax, word [tss_df] ; back link to the faulting task
        call puthex4
        mov al, ' '
        call putc
        pop eax                 ; the #DF error code, pushed on this task's stack
        call puthex4
        call putnl
        mov dx, 0xf4
        mov al, 0
        out dx, al
        hlt

puts:   lodsb
        test al, al
        jz .e
        call putc
        jmp puts
.e:     ret
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
putnl:  mov al, 10
        jmp putc
puthex4:
        push ecx
        mov ecx, 4
        rol eax, 16
.l:     rol eax, 4
        push eax
        and al, 15
        add al, '0'
        cmp al, '9'
        jbe .d
        add al, 7
.d:     call putc
        pop eax
        loop .l
        pop ecx
        ret

align 8
gdt:    dq 0
        dq 0x00cf9a000000ffff   ; 0x08 code
        dq 0x00cf92000000ffff   ; 0x10 data
        dw 0x67, tss_a - 0x100000, 0x8910, 0   ; 0x18 TSS A (the image is < 64 KiB past 1 MiB)
        dw 0x67, tss_b - 0x100000, 0x8910, 0   ; 0x20 TSS B
        dw 0x67, tss_df - 0x100000, 0x8910, 0  ; 0x28 TSS for double faults
        dw 0, 0x20, 0x8500, 0                  ; 0x30 task gate to B
gdt_end:
gdtr:   dw gdt_end - gdt - 1
        dd gdt
idtr:   dw 256 * 8 - 1
        dd idt
s_start: db 'tasktest', 10, 0
s_b:     db 'task B: back link, NT = ', 0
s_back:  db 'back in task A, TR = ', 0
s_b2:    db 'task B again, through the task gate', 10, 0
s_back2: db 'task A again', 10, 0
s_df:    db 'double fault task: back link, error = ', 0
load_end:
align 16
tss_a:   times 0x68 db 0
tss_b:   times 0x68 db 0
tss_df:  times 0x68 db 0
align 16
idt:     times 256 * 8 db 0
bss_end:
