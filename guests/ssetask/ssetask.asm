; ssetask.asm -- lazy SSE state switching between two software tasks, the way kernels do it:
; every switch sets CR0.TS, the first SSE instruction of the next task raises #NM, and the
; handler saves the previous owner's state and loads the new one -- task A's with FXSAVE/FXRSTOR,
; task B's with XSAVE/XRSTOR (x87 and SSE components). Each task keeps its own MXCSR: A rounds
; down, B has divide-by-zero unmasked and takes #XM, whose handler masks it so the DIVSS
; re-executes. Prints on COM1; exits through isa-debug-exit (port 0xf4).
; Multiboot (a.out kludge) flat binary at 1 MiB. Build: nasm -f bin -I ../include/ -o ssetask.bin ssetask.asm
; QEMU 7.2 TCG: qemu-system-x86_64 -cpu max -kernel ssetask.bin -serial stdio -display none
;               -device isa-debug-exit,iobase=0xf4,iosize=4

%include "guest.inc"

MULTIBOOT_AOUT 0, load_end, bss_end

start:  FLAT32_ENTRY 0x90000
        GATE 6, ud_handler
        GATE 7, nm_handler
        GATE 13, gp_handler
        GATE 19, xm_handler
        lidt [idtr]
        mov esi, s_start
        call puts

        mov eax, 1
        cpuid
        mov esi, s_noxsave
        bt ecx, 26
        jnc fail
        ; CR0: EM off, MP and NE on; CR4: OSFXSR, OSXMMEXCPT, OSXSAVE; XCR0 = x87 | SSE
        mov eax, cr0
        and eax, ~4
        or eax, 0x22
        mov cr0, eax
        mov eax, cr4
        or eax, 0x40600
        mov cr4, eax
        xor ecx, ecx
        mov eax, 3
        xor edx, edx
        xsetbv
        xgetbv
        mov esi, s_xcr0
        call puts
        call put_hex8_lc
        call put_lf
        mov eax, 1
        cpuid
        mov eax, ecx
        shr eax, 27
        and eax, 1
        mov esi, s_osxsave
        call puts
        call put_hex8_lc
        call put_lf
        mov eax, 0xd
        xor ecx, ecx
        cpuid
        mov eax, ebx                    ; the size XCR0 needs (ECX, all components, differs by model)
        mov esi, s_size
        call puts
        call put_hex8_lc
        call put_lf

        ; both tasks start from the current (initial) state, each with its own MXCSR
        fxsave [area_a]
        mov eax, 3
        xor edx, edx
        xsave [area_b]
        mov dword [area_a + 24], 0x3f80 ; A: round down, all masked
        mov dword [area_b + 24], 0x1d80 ; B: divide-by-zero unmasked

        mov ebx, 3                      ; rounds
.round: mov dword [current], 1
        call switch
        call task_a
        mov dword [current], 2
        call switch
        call task_b
        dec ebx
        jnz .round

        mov esi, s_nm
        call puts
        mov eax, [nm_count]
        call put_hex8_lc
        call put_lf
        mov esi, s_done
        call puts
        mov al, 0
        out 0xf4, al
        hlt

fail:   call puts
        mov al, 1
        out 0xf4, al
        hlt

; a task switch: nothing is saved now, CR0.TS makes the next SSE instruction trap
switch: mov eax, cr0
        or eax, 8
        mov cr0, eax
        ret

; task A: sums thirds in single precision, rounding down (its own MXCSR)
task_a: addps xmm0, [third]
        addps xmm0, [third]
        movd eax, xmm0
        mov esi, s_a
        call puts
        call put_hex8_lc
        call put_lf
        ret

; task B: sums tenths in double precision; in its second round divides by zero (#XM)
task_b: addsd xmm2, [tenth]
        movq [tmp], xmm2
        mov eax, [tmp + 4]
        mov esi, s_b
        call puts
        call put_hex8_lc
        mov eax, [tmp]
        call put_hex8_lc
        call put_lf
        inc dword [b_rounds]
        cmp dword [b_rounds], 2
        jne .ret
        movss xmm3, [one]
        xorps xmm4, xmm4
        divss xmm3, xmm4
        movd eax, xmm3
        mov esi, s_div
        call puts
        call put_hex8_lc
        call put_lf
.ret:   ret

; #NM: the lazy switch
nm_handler:
        pushad
        clts
        inc dword [nm_count]
        mov eax, [owner]
        cmp eax, 1
        jne .notA
        fxsave [area_a]
        jmp .load
.notA:  cmp eax, 2
        jne .load
        mov eax, 3
        xor edx, edx
        xsave [area_b]
.load:  mov esi, s_nmtask
        call puts
        mov eax, [current]
        cmp eax, 1
        jne .loadB
        fxrstor [area_a]
        jmp .owned
.loadB: mov eax, 3
        xor edx, edx
        xrstor [area_b]
.owned: mov eax, [current]
        mov [owner], eax
        call put_hex8_lc
        mov esi, s_bv
        call puts
        mov eax, [area_b + 512]
        call put_hex8_lc
        call put_lf
        popad
        iret

; #XM: report MXCSR, mask everything and let the instruction run again
xm_handler:
        pushad
        stmxcsr [tmp]
        mov esi, s_xm
        call puts
        mov eax, [tmp]
        call put_hex8_lc
        call put_lf
        or dword [tmp], 0x1f80
        ldmxcsr [tmp]
        popad
        iret

ud_handler:
        mov esi, s_ud
        jmp fail
gp_handler:
        mov esi, s_gp
        jmp fail

COM1_ROUTINES

s_start:   db "ssetask: start", 10, 0
s_noxsave: db "ssetask: no XSAVE", 10, 0
s_xcr0:    db "xcr0 ", 0
s_osxsave: db "cpuid osxsave ", 0
s_size:    db "xsave area bytes ", 0
s_a:       db "task A: xmm0 ", 0
s_b:       db "task B: xmm2 ", 0
s_div:     db "task B: 1/0 = ", 0
s_nmtask:  db "#NM: load task ", 0
s_bv:      db ", B's xstate_bv ", 0
s_xm:      db "#XM: mxcsr ", 0
s_nm:      db "#NM count ", 0
s_done:    db "ssetask: done", 10, 0
s_ud:      db "ssetask: #UD", 10, 0
s_gp:      db "ssetask: #GP", 10, 0

align 16
third:  dd 0x3eaaaaab, 0x3eaaaaab, 0x3eaaaaab, 0x3eaaaaab
tenth:  dq 0x3fb999999999999a
one:    dd 0x3f800000

FLAT_GDT
gdt_end:
TABLE_REGISTERS 32

align 64
load_end:
absolute load_end
area_a:   resb 512
area_b:   resb 576
idt:      resb 32 * 8
tmp:      resd 2
owner:    resd 1
current:  resd 1
nm_count: resd 1
b_rounds: resd 1
bss_end:
