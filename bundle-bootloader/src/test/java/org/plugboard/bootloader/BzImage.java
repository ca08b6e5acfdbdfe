package org.plugboard.bootloader;

import java.nio.ByteBuffer;

/** A synthetic bzImage: real-mode setup sectors with a setup header, then a protected-mode payload. */
final class BzImage {
    int setupSects = 4;
    int version = 0x020f;
    int loadflags = SetupHeader.LOADED_HIGH;
    long code32Start = 0x100000;
    long initrdAddrMax = 0x7fffffff;
    long cmdlineSize = 2047;
    long initSize = 0x200000;
    long prefAddress = 0x100000;
    long kernelAlignment = 0x200000;
    boolean relocatable = true;
    int xloadflags = SetupHeader.XLF_KERNEL_64;
    /** The byte at 0x201: the setup header ends at 0x202 plus this. */
    int jump = 0x66;
    byte[] payload = TestImages.pattern(0x3000, 0x42);
    /** syssize in 16-byte units; -1 = from the payload length. */
    long syssize = -1;

    int setupSize() {
        return (setupSects + 1) * 512;
    }

    byte[] build() {
        byte[] f = new byte[setupSize() + payload.length];
        ByteBuffer b = TestImages.le(f);
        f[SetupHeader.OFF_SETUP_SECTS] = (byte) setupSects;
        b.putInt(SetupHeader.OFF_SYSSIZE, (int) (syssize >= 0 ? syssize : (payload.length + 15) / 16));
        b.putShort(0x1fe, (short) 0xaa55);
        f[SetupHeader.OFF_JUMP] = (byte) 0xeb;
        f[SetupHeader.OFF_JUMP + 1] = (byte) jump;
        b.putInt(SetupHeader.OFF_SIGNATURE, SetupHeader.SIGNATURE);
        b.putShort(SetupHeader.OFF_VERSION, (short) version);
        f[SetupHeader.OFF_LOADFLAGS] = (byte) loadflags;
        b.putInt(SetupHeader.OFF_CODE32_START, (int) code32Start);
        b.putInt(SetupHeader.OFF_INITRD_ADDR_MAX, (int) initrdAddrMax);
        b.putShort(SetupHeader.OFF_XLOADFLAGS, (short) xloadflags);
        b.putInt(SetupHeader.OFF_CMDLINE_SIZE, (int) cmdlineSize);
        b.putInt(SetupHeader.OFF_INIT_SIZE, (int) initSize);
        b.putLong(SetupHeader.OFF_PREF_ADDRESS, prefAddress);
        b.putInt(SetupHeader.OFF_KERNEL_ALIGNMENT, (int) kernelAlignment);
        f[SetupHeader.OFF_RELOCATABLE_KERNEL] = (byte) (relocatable ? 1 : 0);
        // fields a loader must leave alone: they have to reach boot_params unchanged
        b.putShort(0x1fa, (short) 0xffff); // vid_mode
        System.arraycopy(payload, 0, f, setupSize(), payload.length);
        return f;
    }
}
