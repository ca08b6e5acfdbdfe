package org.plugboard.applesmc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceConfig;

/**
 * Finds the OSK a device instance is configured with: {@code osk=} (64 characters),
 * {@code oskfile=PATH} (64 bytes, one trailing line break allowed) or {@code osk=host}.
 * <p>
 * Giving none is an error, unlike QEMU, which warns and serves a dummy key: Mac OS X then fails
 * much later and far from the cause, while Linux guests, which do not check the key, are served
 * as well by any 64 characters the user picks. Messages never quote the key, not even a wrong one.
 */
final class OskSource {
    static final String OSK = "osk";
    static final String OSK_FILE = "oskfile";
    static final String HOST = "host";

    private final HostOsk host;

    OskSource(HostOsk host) {
        this.host = host;
    }

    Osk resolve(DeviceConfig config) throws ConfigException {
        String where = "device " + config.id() + " (" + config.type() + ")";
        if (config.has(OSK) && config.has(OSK_FILE))
            throw new ConfigException(where + ": give the OSK with osk= or with oskfile=, not both");
        if (config.has(OSK)) {
            String osk = config.string(OSK, "");
            return HOST.equals(osk) ? host.read(where) : fromProperty(where, osk);
        }
        if (config.has(OSK_FILE)) return fromFile(where, Path.of(config.string(OSK_FILE, "")));
        throw new ConfigException(where + ": no OSK given. Mac OS X reads a 64-character key from the SMC; give it with "
                + "osk=<64 characters>, oskfile=PATH or, on an Apple host running Linux, osk=host "
                + "(guests that do not check it, such as Linux, accept any 64 characters)");
    }

    private static Osk fromProperty(String where, String value) throws ConfigException {
        if (value.length() != Osk.LENGTH)
            throw new ConfigException(where + ": osk must be exactly " + Osk.LENGTH + " characters, it has " + value.length()
                    + " (or give osk=host, or oskfile=PATH)");
        if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f))
            throw new ConfigException(where + ": osk must be " + Osk.LENGTH + " printable ASCII characters");
        return new Osk(value.getBytes(StandardCharsets.US_ASCII), "osk=");
    }

    private static Osk fromFile(String where, Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(where + ": oskfile " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\n') length--;
        if (length > 0 && bytes[length - 1] == '\r') length--;
        try {
            if (length != Osk.LENGTH)
                throw new ConfigException(where + ": oskfile " + file + " must hold exactly " + Osk.LENGTH
                        + " bytes (one trailing line break allowed), it holds " + length);
            return new Osk(Arrays.copyOf(bytes, length), "oskfile=" + file);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
