#!/bin/sh
# Re-reads the fw_cfg reference that FwCfgQemuReferenceTest holds: a 64 KiB probe firmware
# lists QEMU's fw_cfg directory, small files and items on the 0x402 debug console.
# Needs nasm and qemu-system-x86 (Debian 12: QEMU 7.2). Output: fwcfg-reference.txt
set -e
cd "$(dirname "$0")"
nasm -f bin -o probe.bin probe.asm
rm -f fwcfg-reference.txt
timeout 5 qemu-system-x86_64 -machine pc -m 128 -smp 2 -display none -nodefaults -bios probe.bin \
    -chardev file,id=d,path=fwcfg-reference.txt -device isa-debugcon,iobase=0x402,chardev=d || true
rm -f probe.bin
echo "wrote $(pwd)/fwcfg-reference.txt"
