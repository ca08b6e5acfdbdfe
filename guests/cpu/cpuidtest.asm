; cpuidtest.asm -- the CPUID leaves that describe caches and topology, as the CPU model reports
; them: leaf 0 (highest leaf), leaf 1 EBX (logical processors, APIC ID) and EDX.HTT, leaf 4
; (deterministic cache parameters, subleaves 0-4) and leaf 0xB (extended topology, subleaves 0-2).
; Multiboot (a.out kludge) flat binary at 1 MiB; prints on COM1; exits through port 0xf4.
; Build: nasm -f bin -I ../include/ -o cpuidtest.bin cpuidtest.asm

%include "guest.inc"

MULTIBOOT_AOUT 0, load_end, bss_end

start:  mov esp, 0x90000
        mov esi, s_start
        call puts
        xor eax, eax
        xor ecx, ecx
        call leaf
        mov eax, 1
        xor ecx, ecx
        cpuid
        mov esi, s_leaf1
        call puts
        mov eax, ebx
        call put_hex8_uc
        mov al, ' '
        call putc
        mov eax, edx
        shr eax, 28
        and eax, 1
        call put_hex4_uc
        call put_lf
        xor ecx, ecx
.l4:    mov eax, 4
        call leaf
        inc ecx
        cmp ecx, 5
        jb .l4
        xor ecx, ecx
.lb:    mov eax, 0xb
        call leaf
        inc ecx
        cmp ecx, 3
        jb .lb
        mov esi, s_done
        call puts
        EXIT

; prints "EAX.ECX: eax ebx ecx edx" for CPUID(EAX, ECX); ECX preserved (leaf 0 prints EAX only)
leaf:   push ecx
        push eax
        call put_hex8_uc
        mov al, '.'
        call putc
        mov eax, ecx
        call put_hex4_uc
        mov al, ':'
        call putc
        pop eax
        push eax
        cpuid
        pop esi
        test esi, esi
        jnz .all
        mov ebx, 0                      ; leaf 0: the vendor is the model's business, not this test's
        xor ecx, ecx
        xor edx, edx
.all:   call space_hex
        mov eax, ebx
        call space_hex
        mov eax, ecx
        call space_hex
        mov eax, edx
        call space_hex
        call put_lf
        pop ecx
        ret
space_hex:
        push eax
        mov al, ' '
        call putc
        pop eax
        jmp put_hex8_uc

COM1_ROUTINES

s_start: db 'cpuidtest', 10, 0
s_leaf1: db 'leaf 1 EBX, HTT: ', 0
s_done:  db 'cpuidtest done', 10, 0
load_end:
bss_end:
