# Rules shared by the guests written with nasm alone (a multiboot a.out-kludge image, no linker),
# which take their common pieces from include/ (guest.inc, apic.inc). A guest's Makefile sets NAME
# (NAME.asm, NAME.elf, banner "NAME:") and QEMU_ARGS, then includes this file. check-qemu boots the image on QEMU TCG and compares its serial output from the
# banner on with expected-qemu.txt.
QEMU = qemu-system-x86_64 -accel tcg -nographic -no-reboot -display none -device isa-debug-exit,iobase=0xf4,iosize=4
FROM_BANNER = tr -d '\r' | sed -n 's/.*\($(NAME):\)/\1/;/^$(NAME):/,$$p'

all: $(NAME).elf

$(NAME).elf: $(NAME).asm $(wildcard ../include/*.inc)
	nasm -f bin -I ../include/ -o $@ $<

check-qemu: $(NAME).elf
	$(QEMU) $(QEMU_ARGS) -kernel $(NAME).elf 2>/dev/null | $(FROM_BANNER) | diff expected-qemu.txt -

clean:
	rm -f $(NAME).elf

.PHONY: all check-qemu clean
