; one-off probe: a 64 KiB "BIOS" that lists QEMU's fw_cfg directory and items on port 0x402
bits 16
org 0
start:
    cli
    xor ax, ax
    mov ss, ax
    mov sp, 0x7000
    mov ds, ax
    mov es, ax
    mov ax, 0x19
    call select
    mov di, 0x1000
    mov cx, 8192
.rd: call data
    mov [di], al
    inc di
    loop .rd
    mov ax, [0x1002]
    xchg al, ah
    mov bp, ax              ; file count
    mov si, 0x1004
.file:
    test bp, bp
    jz .items
    mov al, 'F'
    call putc
    mov al, ' '
    call putc
    mov ax, [si+4]
    xchg al, ah
    mov bx, ax              ; selector
    call puthex16
    mov al, ' '
    call putc
    mov ax, [si+2]
    xchg al, ah
    mov cx, ax              ; size low 16 bits
    mov ax, [si]
    xchg al, ah
    call puthex16
    mov ax, cx
    call puthex16
    mov al, ' '
    call putc
    push si
    add si, 8
    call puts
    pop si
    call nl
    mov ax, [si]
    test ax, ax
    jnz .next               ; >= 64 KiB: skip contents
    cmp cx, 0x1000
    ja .next
    mov ax, bx
    call select
    call dump
.next:
    add si, 64
    dec bp
    jmp .file
.items:
    mov si, keys
.key:
    mov ax, [cs:si]
    cmp ax, 0xffff
    je .done
    mov bx, ax
    mov al, 'K'
    call putc
    mov al, ' '
    call putc
    mov ax, bx
    call puthex16
    call nl
    mov ax, bx
    call select
    mov cx, 24
    call dump
    add si, 2
    jmp .key
.done:
    mov al, 'E'
    call putc
    call nl
.halt:
    hlt
    jmp .halt

; dump cx data bytes as hex, 32 a line
dump:
    push cx
    xor dx, dx
.b: test cx, cx
    jz .e
    call data
    call puthex8
    inc dx
    cmp dx, 32
    jne .c
    call nl
    xor dx, dx
.c: dec cx
    jmp .b
.e: call nl
    pop cx
    ret

select:
    push dx
    mov dx, 0x510
    out dx, ax
    pop dx
    ret
data:
    push dx
    mov dx, 0x511
    in al, dx
    pop dx
    ret
putc:
    push dx
    mov dx, 0x402
    out dx, al
    pop dx
    ret
nl: mov al, 10
    jmp putc
puts:
    mov al, [si]
    test al, al
    jz .r
    call putc
    inc si
    jmp puts
.r: ret
puthex16:
    push ax
    mov al, ah
    call puthex8
    pop ax
puthex8:
    push ax
    shr al, 4
    call nib
    pop ax
    push ax
    and al, 15
    call nib
    pop ax
    ret
nib:
    add al, '0'
    cmp al, '9'
    jbe putc
    add al, 7
    jmp putc

keys: dw 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
      dw 0x10, 0x11, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x8000, 0x8001, 0x8002, 0x8003, 0x8004, 0xffff

    times 0xfff0 - ($ - $$) db 0
    jmp start
    times 0x10000 - ($ - $$) db 0
