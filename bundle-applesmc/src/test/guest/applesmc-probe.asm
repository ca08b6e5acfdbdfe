; applesmc-probe: a 32-bit multiboot kernel that talks to an AppleSMC the way Linux's applesmc
; driver (drivers/hwmon/applesmc.c, 5.10 and later) does, and prints what it finds on COM1.
;
;   1. reads "REV " with a plain READ (0x10), as Mac OS X does at boot;
;   2. reads "#KEY", the key count;
;   3. finds "FNum" by binary search over key indices with GET_KEY_BY_INDEX (0x12) and
;      GET_KEY_INFO (0x13), printing each probed key, and reads it;
;   4. finds the temperature keys (lower bounds of "T" and "U") and reads the first one;
;   5. writes F0Tg (WRITE, 0x11), posts 0x5a on port 0x80 (the moment a test swaps the SMC),
;      and reads F0Tg back;
;   6. reads the write-only key LKSB and expects the SMC to refuse (result port 0x31e = 0x85).
; Every byte goes through Linux's handshake: wait for input-closed (0x02) to clear and busy (0x04)
; to be set before each data byte, data-ready|busy (0x05) before each read, drain what is left
; while data-ready stays up, then wait for busy to fall.
;
; It leaves through isa-debug-exit at port 0xf4: 0 when every step worked, 1 otherwise.
; (QEMU turns a write of v into exit status 2v+1, so success there is 1 and failure 3.)
;
; Build: nasm -f bin -o applesmc-probe.elf applesmc-probe.asm
; The file is a complete ELF32 executable written by hand (no linker needed), with a multiboot
; header in its first 8 KiB, so both ELF-only multiboot loaders and QEMU's -kernel take it.
;
; --- Run on QEMU 7.2 (Debian 12 qemu-system-i386), recorded while writing this program: ---
;   qemu-system-i386 -nographic -no-reboot -kernel applesmc-probe.elf \
;     -device isa-applesmc,osk=<the 64-character test placeholder> \
;     -device isa-debug-exit,iobase=0xf4,iosize=4
;   prints after SeaBIOS's banner:
;     applesmc-probe: AppleSMC at 0x300, Linux applesmc sequence
;     REV  = 01 13 0f 00 00 03
;     FAIL: reading #KEY (status 0x00, result 0x84)
;   and exits with status 3 (it wrote 1 to isa-debug-exit).
; QEMU's AppleSMC answers only plain key reads of its six keys (REV , OSK0, OSK1, NATJ, MSSP,
; MSSD): it has no #KEY, no GET_KEY_BY_INDEX/GET_KEY_INFO and no WRITE, so Linux's driver (and
; this program) stops at step 2. Plugboard's isa-applesmc runs all six steps.

bits 32

SMC_DATA    equ 0x300
SMC_CMD     equ 0x304
SMC_RESULT  equ 0x31e
COM1        equ 0x3f8
DEBUG_EXIT  equ 0xf4
POST_PORT   equ 0x80                ; POST code port: harmless everywhere, watched by tests
CHECKPOINT_WRITTEN equ 0x5a

ST_DATA     equ 0x01            ; output waiting on the data port
ST_CLOSED   equ 0x02            ; input buffer closed
ST_BUSY     equ 0x04            ; command in progress

CMD_READ    equ 0x10
CMD_WRITE   equ 0x11
CMD_INDEX   equ 0x12
CMD_INFO    equ 0x13

POLLS       equ 100000          ; status reads before a wait gives up
STACK_TOP   equ 0x90000

            org 0x100000

; ---------------------------------------------------------------- ELF header and program header
elf_header:
            db 0x7f, 'ELF', 1, 1, 1, 0          ; ELF32, little-endian, version 1, System V
            times 8 db 0
            dw 2                                ; ET_EXEC
            dw 3                                ; EM_386
            dd 1                                ; EV_CURRENT
            dd start                            ; entry point
            dd program_header - elf_header      ; program header table offset
            dd 0                                ; no section headers
            dd 0                                ; flags
            dw program_header - elf_header      ; header size (52)
            dw 32                               ; program header entry size
            dw 1                                ; one program header
            dw 0, 0, 0                          ; no section header table
program_header:
            dd 1                                ; PT_LOAD
            dd 0                                ; from file offset 0
            dd elf_header                       ; virtual address
            dd elf_header                       ; physical address
            dd image_end - elf_header           ; bytes in the file
            dd image_end - elf_header + BSS_SIZE ; bytes in memory (zeroed variables after the file)
            dd 7                                ; read, write, execute
            dd 0x1000                           ; alignment

            align 4
multiboot_header:
            dd 0x1badb002                       ; magic
            dd 0                                ; flags: nothing requested
            dd -0x1badb002                      ; checksum

; ---------------------------------------------------------------- main
start:
            cli
            mov esp, STACK_TOP
            call serial_init
            mov esi, msg_banner
            call puts

            ; 1. REV, a plain read
            mov al, CMD_READ
            mov esi, key_rev
            mov edi, buf
            mov ecx, 6
            call read_smc
            jc fail_rev
            mov esi, msg_rev
            call puts
            mov esi, buf
            mov ecx, 6
            call put_bytes
            call newline

            ; 2. #KEY
            mov al, CMD_READ
            mov esi, key_count_key
            mov edi, buf
            mov ecx, 4
            call read_smc
            jc fail_keycount
            mov eax, [buf]
            bswap eax
            mov [key_count], eax
            mov esi, msg_keycount
            call puts
            call put_dec
            mov esi, msg_keys
            call puts

            ; 3. FNum by binary search, each probe printed
            mov esi, msg_search
            call puts
            mov byte [verbose], 1
            mov esi, key_fnum
            call find_key
            mov byte [verbose], 0
            jc fail_search
            call get_entry
            cmp byte [entry_info], 1            ; Linux checks the size before reading
            jne fail_search
            push eax                            ; the index, printed below
            mov al, CMD_READ
            mov esi, entry_key
            mov edi, buf
            mov ecx, 1
            call read_smc
            jc fail_fnum
            mov esi, msg_fnum
            call puts
            movzx eax, byte [buf]
            call put_dec
            mov esi, msg_at_index
            call puts
            pop eax
            call put_dec
            mov esi, msg_close
            call puts

            ; 4. temperature keys: [lower_bound("T"), lower_bound("U"))
            mov esi, key_t
            mov byte [upper], 0
            call bound
            jc fail_search
            mov [temp_begin], eax
            mov esi, key_u
            call bound
            jc fail_search
            mov [temp_end], eax
            mov esi, msg_temps
            call puts
            mov eax, [temp_begin]
            call put_dec
            mov esi, msg_to
            call puts
            mov eax, [temp_end]
            call put_dec
            mov esi, msg_count
            call puts
            mov eax, [temp_end]
            sub eax, [temp_begin]
            call put_dec
            mov esi, msg_close
            call puts
            cmp eax, 0
            je fail_search
            mov eax, [temp_begin]
            call get_entry
            jc fail_search
            mov al, CMD_READ
            mov esi, entry_key
            mov edi, buf
            mov ecx, 2
            call read_smc
            jc fail_temp
            mov esi, entry_key
            call put_key
            mov esi, msg_equals
            call puts
            movsx eax, byte [buf]               ; sp78: the high byte is the whole degrees
            call put_dec
            mov esi, msg_celsius
            call puts

            ; 5. WRITE F0Tg = 1500 rpm (fpe2: rpm << 2, big-endian) and read it back
            mov esi, key_f0tg
            call find_key
            jc fail_search
            mov esi, key_f0tg
            mov edi, f0tg_value
            mov ecx, 2
            call write_smc
            jc fail_write
            mov al, CHECKPOINT_WRITTEN          ; a test may swap the SMC here, between write and read-back
            out POST_PORT, al
            mov al, CMD_READ
            mov esi, key_f0tg
            mov edi, buf
            mov ecx, 2
            call read_smc
            jc fail_write
            mov esi, msg_f0tg
            call puts
            movzx eax, word [buf]
            xchg al, ah
            shr eax, 2
            call put_dec
            mov esi, msg_rpm
            call puts
            mov ax, [buf]
            cmp ax, [f0tg_value]
            jne fail_write

            ; 6. LKSB is write-only: the read must be refused with result 0x85
            mov al, CMD_READ
            mov esi, key_lksb
            mov edi, buf
            mov ecx, 2
            call read_smc
            jnc fail_lksb
            mov esi, msg_lksb
            call puts
            mov dx, SMC_RESULT
            in al, dx
            push eax
            call put_hex8
            call newline
            pop eax
            cmp al, 0x85
            jne fail_lksb

            mov esi, msg_ok
            call puts
            xor al, al
            jmp exit

fail_rev:       mov esi, msg_fail_rev
                jmp fail
fail_keycount:  mov esi, msg_fail_keycount
                jmp fail
fail_search:    mov esi, msg_fail_search
                jmp fail
fail_fnum:      mov esi, msg_fail_fnum
                jmp fail
fail_temp:      mov esi, msg_fail_temp
                jmp fail
fail_write:     mov esi, msg_fail_write
                jmp fail
fail_lksb:      mov esi, msg_fail_lksb
fail:
            call puts
            mov esi, msg_status
            call puts
            mov dx, SMC_CMD
            in al, dx
            call put_hex8
            mov esi, msg_result
            call puts
            mov dx, SMC_RESULT
            in al, dx
            call put_hex8
            mov esi, msg_close
            call puts
            mov al, 1
exit:
            out DEBUG_EXIT, al
.halt:      hlt                                 ; no debug-exit device: stop here
            jmp .halt

; ---------------------------------------------------------------- SMC protocol (Linux >= 5.10)

; wait_status: waits until (status & bh) == bl. CF set when it never happens. Keeps all registers.
wait_status:
            push eax
            push ecx
            push edx
            mov ecx, POLLS
            mov dx, SMC_CMD
.poll:      in al, dx
            and al, bh
            cmp al, bl
            je .seen
            dec ecx
            jnz .poll
            pop edx
            pop ecx
            pop eax
            stc
            ret
.seen:      pop edx
            pop ecx
            pop eax
            clc
            ret

; send_command: al = command. Waits for the input buffer, writes the command port.
send_command:
            push ebx
            push edx
            mov bx, (ST_CLOSED << 8) | 0
            call wait_status
            jc .out
            mov dx, SMC_CMD
            out dx, al
            clc
.out:       pop edx
            pop ebx
            ret

; send_byte: al = byte. Input buffer open, then busy set, then the data port.
send_byte:
            push ebx
            push edx
            mov bx, (ST_CLOSED << 8) | 0
            call wait_status
            jc .out
            mov bx, (ST_BUSY << 8) | ST_BUSY
            call wait_status
            jc .out
            mov dx, SMC_DATA
            out dx, al
            clc
.out:       pop edx
            pop ebx
            ret

; smc_sane: if busy is stuck, a READ command resets the SMC's state machine.
smc_sane:
            push eax
            push ebx
            mov bx, (ST_BUSY << 8) | 0
            call wait_status
            jnc .out
            mov al, CMD_READ
            call send_command
            jc .out
            call wait_status
.out:       pop ebx
            pop eax
            ret

; send_argument: esi -> 4 bytes (key name or big-endian index).
send_argument:
            push eax
            push ecx
            push esi
            mov ecx, 4
.next:      lodsb
            call send_byte
            jc .out
            loop .next
            clc
.out:       pop esi
            pop ecx
            pop eax
            ret

; read_smc: al = command, esi -> argument, edi -> buffer, ecx = length. CF on failure.
read_smc:
            pushad
            call smc_sane
            jc .fail
            call send_command
            jc .fail
            call send_argument
            jc .fail
            mov al, cl
            call send_byte
            jc .fail
.byte:      jecxz .flush
            mov bx, ((ST_DATA | ST_BUSY) << 8) | (ST_DATA | ST_BUSY)
            call wait_status
            jc .fail
            mov dx, SMC_DATA
            in al, dx
            stosb
            dec ecx
            jmp .byte
.flush:     mov ecx, 16                         ; drain what the SMC still offers
.drain:     mov dx, SMC_CMD
            in al, dx
            test al, ST_DATA
            jz .drained
            mov dx, SMC_DATA
            in al, dx
            loop .drain
.drained:   mov bx, (ST_BUSY << 8) | 0
            call wait_status
            jc .fail
            popad
            clc
            ret
.fail:      popad
            stc
            ret

; write_smc: esi -> key, edi -> data, ecx = length. CF on failure.
write_smc:
            pushad
            call smc_sane
            jc .fail
            mov al, CMD_WRITE
            call send_command
            jc .fail
            call send_argument
            jc .fail
            mov al, cl
            call send_byte
            jc .fail
.byte:      jecxz .done
            mov al, [edi]
            inc edi
            call send_byte
            jc .fail
            dec ecx
            jmp .byte
.done:      mov bx, (ST_BUSY << 8) | 0
            call wait_status
            jc .fail
            popad
            clc
            ret
.fail:      popad
            stc
            ret

; get_entry: eax = index. Fills entry_key and entry_info (size, type, attributes). CF on failure.
get_entry:
            pushad
            mov [entry_index], eax
            bswap eax
            mov [index_be], eax
            mov al, CMD_INDEX
            mov esi, index_be
            mov edi, entry_key
            mov ecx, 4
            call read_smc
            jc .fail
            mov al, CMD_INFO
            mov esi, entry_key
            mov edi, entry_info
            mov ecx, 6
            call read_smc
            jc .fail
            cmp byte [verbose], 0
            je .done
            call print_entry
.done:      popad
            clc
            ret
.fail:      popad
            stc
            ret

; bound: esi -> 4-byte target; [upper] = 0 for Linux's lower bound, 1 for its upper bound.
; Returns the index in eax, CF on failure.
bound:
            push ebx
            push ecx
            push edx
            push edi
            mov edx, [esi]
            bswap edx                           ; keys compare as big-endian numbers
            xor ebx, ebx                        ; begin
            mov ecx, [key_count]                ; end
.loop:      cmp ebx, ecx
            je .found
            mov eax, ecx
            sub eax, ebx
            shr eax, 1
            add eax, ebx                        ; middle
            call get_entry
            jc .fail
            mov edi, [entry_key]
            bswap edi
            cmp edi, edx
            jb .right
            ja .left
            cmp byte [upper], 0
            jne .right
.left:      mov ecx, eax                        ; end = middle
            jmp .loop
.right:     lea ebx, [eax + 1]                  ; begin = middle + 1
            jmp .loop
.found:     mov eax, ebx
            clc
            jmp .out
.fail:      stc
.out:       pop edi
            pop edx
            pop ecx
            pop ebx
            ret

; find_key: esi -> key. The index of the one key between its lower and upper bound, CF if absent.
find_key:
            push ebx
            mov byte [upper], 0
            call bound
            jc .out
            mov ebx, eax
            mov byte [upper], 1
            call bound
            mov byte [upper], 0
            jc .out
            sub eax, ebx
            cmp eax, 1
            mov eax, ebx
            je .out                             ; CF is clear after an equal compare
            stc
.out:       pop ebx
            ret

; print_entry: "  [index] 'KEY ' type 'ui8 ' size 1 attr 0xc0"
print_entry:
            pushad
            mov esi, msg_entry_open
            call puts
            mov eax, [entry_index]
            call put_dec
            mov esi, msg_entry_close
            call puts
            mov esi, entry_key
            call put_key
            mov esi, msg_type
            call puts
            mov esi, entry_info + 1
            call put_key
            mov esi, msg_size
            call puts
            movzx eax, byte [entry_info]
            call put_dec
            mov esi, msg_attr
            call puts
            mov al, [entry_info + 5]
            call put_hex8
            call newline
            popad
            ret

; ---------------------------------------------------------------- COM1 output

serial_init:
            mov dx, COM1 + 1
            mov al, 0x00                        ; no interrupts
            out dx, al
            mov dx, COM1 + 3
            mov al, 0x80                        ; divisor latch
            out dx, al
            mov dx, COM1
            mov al, 1                           ; 115200 baud
            out dx, al
            mov dx, COM1 + 1
            mov al, 0
            out dx, al
            mov dx, COM1 + 3
            mov al, 0x03                        ; 8N1
            out dx, al
            mov dx, COM1 + 2
            mov al, 0xc7                        ; FIFOs on and cleared
            out dx, al
            mov dx, COM1 + 4
            mov al, 0x03                        ; DTR, RTS
            out dx, al
            ret

; putc: al = character. Waits (boundedly) for the transmitter holding register.
putc:
            push ecx
            push edx
            push eax
            mov ecx, POLLS
            mov dx, COM1 + 5
.wait:      in al, dx
            test al, 0x20
            jnz .ready
            loop .wait
.ready:     pop eax
            mov dx, COM1
            out dx, al
            pop edx
            pop ecx
            ret

; puts: esi -> NUL-terminated string.
puts:
            push eax
            push esi
.next:      lodsb
            test al, al
            jz .out
            call putc
            jmp .next
.out:       pop esi
            pop eax
            ret

newline:
            push esi
            mov esi, msg_newline
            call puts
            pop esi
            ret

; put_dec: eax as a signed decimal number.
put_dec:
            pushad
            test eax, eax
            jns .positive
            push eax
            mov al, '-'
            call putc
            pop eax
            neg eax
.positive:  mov ebx, 10
            xor ecx, ecx
.divide:    xor edx, edx
            div ebx
            push edx
            inc ecx
            test eax, eax
            jnz .divide
.digit:     pop eax
            add al, '0'
            call putc
            loop .digit
            popad
            ret

; put_hex8: al as 0xNN.
put_hex8:
            push eax
            push eax
            mov al, '0'
            call putc
            mov al, 'x'
            call putc
            pop eax
            call put_hex_byte
            pop eax
            ret

put_hex_byte:
            push eax
            movzx eax, al
            shr eax, 4
            call put_nibble
            pop eax
            push eax
            and al, 0x0f
            call put_nibble
            pop eax
            ret

put_nibble:
            push eax
            add al, '0'
            cmp al, '9'
            jbe .digit
            add al, 'a' - '0' - 10
.digit:     call putc
            pop eax
            ret

; put_bytes: esi -> ecx bytes as "01 13 0f".
put_bytes:
            pushad
.next:      lodsb
            call put_hex_byte
            dec ecx
            jz .out
            mov al, ' '
            call putc
            jmp .next
.out:       popad
            ret

; put_key: esi -> 4 characters, quoted; anything unprintable as '.'.
put_key:
            pushad
            mov al, "'"
            call putc
            mov ecx, 4
.next:      lodsb
            cmp al, 0x20
            jb .dot
            cmp al, 0x7e
            jbe .print
.dot:       mov al, '.'
.print:     call putc
            loop .next
            mov al, "'"
            call putc
            popad
            ret

; ---------------------------------------------------------------- constants

key_rev:            db 'REV '
key_count_key:      db '#KEY'
key_fnum:           db 'FNum'
key_t:              db 'T', 0, 0, 0
key_u:              db 'U', 0, 0, 0
key_f0tg:           db 'F0Tg'
key_lksb:           db 'LKSB'
f0tg_value:         db 0x17, 0x70                ; 1500 rpm << 2 = 0x1770

msg_banner:         db 'applesmc-probe: AppleSMC at 0x300, Linux applesmc sequence', 13, 10, 0
msg_rev:            db 'REV  = ', 0
msg_keycount:       db '#KEY = ', 0
msg_keys:           db ' keys', 13, 10, 0
msg_search:         db "binary search for 'FNum' (GET_KEY_BY_INDEX 0x12 + GET_KEY_INFO 0x13):", 13, 10, 0
msg_entry_open:     db '  [', 0
msg_entry_close:    db '] ', 0
msg_type:           db ' type ', 0
msg_size:           db ' size ', 0
msg_attr:           db ' attr ', 0
msg_fnum:           db 'FNum = ', 0
msg_at_index:       db ' (index ', 0
msg_close:          db ')', 13, 10, 0
msg_temps:          db 'temperature keys: index ', 0
msg_to:             db ' to ', 0
msg_count:          db ' (exclusive), count ', 0
msg_equals:         db ' = ', 0
msg_celsius:        db ' C', 13, 10, 0
msg_f0tg:           db 'F0Tg written, reads back ', 0
msg_rpm:            db ' rpm', 13, 10, 0
msg_lksb:           db 'LKSB (write-only) read refused, result ', 0
msg_ok:             db 'probe ok', 13, 10, 0
msg_newline:        db 13, 10, 0
msg_fail_rev:       db 'FAIL: reading REV ', 0
msg_fail_keycount:  db 'FAIL: reading #KEY', 0
msg_fail_search:    db 'FAIL: binary search over key indices', 0
msg_fail_fnum:      db 'FAIL: reading FNum', 0
msg_fail_temp:      db 'FAIL: reading a temperature', 0
msg_fail_write:     db 'FAIL: writing F0Tg and reading it back', 0
msg_fail_lksb:      db 'FAIL: reading write-only LKSB was not refused with 0x85', 0
msg_status:         db ' (status ', 0
msg_result:         db ', result ', 0

            align 4
image_end:

; ---------------------------------------------------------------- variables (zeroed by the loader)
            absolute image_end
key_count:          resd 1
temp_begin:         resd 1
temp_end:           resd 1
entry_index:        resd 1
index_be:           resd 1
entry_key:          resb 4
entry_info:         resb 8
buf:                resb 32
verbose:            resb 1
upper:              resb 1
            alignb 4
bss_end:
BSS_SIZE            equ bss_end - image_end
