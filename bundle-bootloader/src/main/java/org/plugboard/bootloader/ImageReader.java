package org.plugboard.bootloader;

import org.plugboard.api.device.ConfigException;

/**
 * Little-endian reads from a kernel image file. A read past the end is a truncated image, so it
 * fails with a {@link ConfigException} naming the field rather than an index exception.
 */
final class ImageReader {
    private final byte[] image;
    private final String imageName;

    ImageReader(byte[] image, String imageName) {
        this.image = image;
        this.imageName = imageName;
    }

    int length() {
        return image.length;
    }

    byte[] bytes() {
        return image;
    }

    int u8(long offset, String field) throws ConfigException {
        require(offset, 1, field);
        return image[(int) offset] & 0xff;
    }

    int u16(long offset, String field) throws ConfigException {
        require(offset, 2, field);
        int o = (int) offset;
        return (image[o] & 0xff) | (image[o + 1] & 0xff) << 8;
    }

    /** An unsigned 32-bit value. */
    long u32(long offset, String field) throws ConfigException {
        require(offset, 4, field);
        return Bytes.u32(image, (int) offset);
    }

    /** Checks that {@code [offset, offset + length)} lies inside the image. */
    void require(long offset, long length, String what) throws ConfigException {
        if (offset < 0 || length < 0 || offset + length > image.length) {
            throw new ConfigException(String.format(
                    "%s is truncated: %s needs bytes %#x..%#x but the file has only %d bytes",
                    imageName, what, offset, offset + length, image.length));
        }
    }
}
