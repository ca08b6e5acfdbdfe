# Rules shared by the guests written with nasm alone (a multiboot a.out-kludge image, no linker)
# from the library in include/ (see README.md). A guest's Makefile sets NAME (NAME.asm builds
# NAME.$(EXT)) and, where its own differ from these defaults, EXT (elf), QEMU_ARGS (none), BANNER
# (the prefix of its first line, NAME:) and EXIT_STATUS (QEMU's, 1: the guest wrote 0 to
# isa-debug-exit, 3: it wrote 1); then it includes this file.
# check-qemu boots the image on QEMU TCG from the repository root, as the system tests do (so
# the paths in QEMU_ARGS and on the guest's command line are the same), and compares the serial
# output from the banner on with expected-qemu.txt, and QEMU's exit status.
EXT ?= elf
BANNER ?= $(NAME):
EXIT_STATUS ?= 1
IMAGE = $(NAME).$(EXT)
QEMU = qemu-system-x86_64 -accel tcg -nographic -no-reboot -display none -device isa-debug-exit,iobase=0xf4,iosize=4
HERE = guests/$(NAME)

all: $(IMAGE)

$(IMAGE): $(NAME).asm $(wildcard ../include/*.inc)
	nasm -f bin -I ../include/ -o $@ $<

# $(call check_qemu,TRANSCRIPT,MORE QEMU ARGUMENTS[,EXIT STATUS])
check_qemu = cd ../.. && $(QEMU) $(QEMU_ARGS) $(2) -kernel $(HERE)/$(IMAGE) > $(HERE)/qemu-output.txt 2>/dev/null; \
	status=$$?; tr -d '\r' < $(HERE)/qemu-output.txt | sed -n 's/.*\($(BANNER)\)/\1/;/^$(BANNER)/,$$p' \
	| diff -u $(HERE)/$(1) - && { test $$status -eq $(or $(3),$(EXIT_STATUS)) || { echo "$(NAME): QEMU exit status $$status"; false; }; } \
	&& rm -f $(HERE)/qemu-output.txt

# a guest without a transcript sets NO_TRANSCRIPT to the reason
check-qemu: $(IMAGE)
	$(if $(NO_TRANSCRIPT),@echo "$(NAME): no QEMU transcript: $(NO_TRANSCRIPT)",$(call check_qemu,expected-qemu.txt))

clean:
	rm -f qemu-output.txt

.PHONY: all check-qemu clean
