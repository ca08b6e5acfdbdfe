# Shared by the probe guests' Makefiles (set GUEST first). QEMU runs from the repository root,
# as the system test does, so the command line the guest prints is the same.
QEMU ?= qemu-system-x86_64
QEMU_FLAGS = -nographic -no-reboot -display none -nodefaults -serial stdio -global apic.vapic=off \
             -device isa-debug-exit,iobase=0xf4,iosize=4

all: $(GUEST).elf

$(GUEST).elf: $(GUEST).asm ../lib/macros.inc ../lib/console.inc
	nasm -f bin -o $@ $(GUEST).asm

# QEMU boots it through SeaBIOS and its multiboot option ROM; the output from the guest's first
# line on must match the recorded one, and isa-debug-exit gives status 1
check-qemu: $(GUEST).elf
	cd ../.. && $(QEMU) -kernel guests/$(GUEST)/$(GUEST).elf $(QEMU_FLAGS) > guests/$(GUEST)/qemu-output.txt; status=$$?; \
	  tr -d '\r' < guests/$(GUEST)/qemu-output.txt | sed -n 's/.*\($(GUEST): \)/\1/; /^$(GUEST): /,$$p' \
	  | diff -u guests/$(GUEST)/expected-qemu.txt - && test $$status -eq 1
	rm -f qemu-output.txt

clean:
	rm -f qemu-output.txt

.PHONY: all check-qemu clean
