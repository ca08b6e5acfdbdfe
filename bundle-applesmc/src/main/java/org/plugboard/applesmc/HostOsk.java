package org.plugboard.applesmc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.plugboard.api.device.ConfigException;

/**
 * {@code osk=host}: reads the OSK from the host's own SMC, which only an Apple machine running
 * Linux has. The host must say it is an Apple machine (DMI {@code sys_vendor}); without DMI
 * information an SMC must answer at port 0x304. The key is then read from keys OSK0 and OSK1
 * through {@code /dev/port} with the SMC's own protocol, which needs root or CAP_SYS_RAWIO.
 */
final class HostOsk {
    /** Where every Intel Mac's SMC sits, whatever iobase the guest's SMC is given. */
    static final int HOST_SMC_BASE = 0x300;
    static final Path SYS_VENDOR = Path.of("/sys/class/dmi/id/sys_vendor");
    static final Path DEV_PORT = Path.of("/dev/port");

    /** Opens the port file; tests substitute an emulated SMC. */
    interface PortOpener {
        PortIo open(Path devPort) throws IOException;
    }

    private final Path sysVendor;
    private final Path devPort;
    private final PortOpener opener;
    private final boolean pauseBetweenPolls;

    HostOsk(Path sysVendor, Path devPort, PortOpener opener, boolean pauseBetweenPolls) {
        this.sysVendor = sysVendor;
        this.devPort = devPort;
        this.opener = opener;
        this.pauseBetweenPolls = pauseBetweenPolls;
    }

    static HostOsk ofThisHost() {
        return new HostOsk(SYS_VENDOR, DEV_PORT, DevPortIo::new, true);
    }

    /** @param where names the device in messages ("device smc (isa-applesmc)") */
    Osk read(String where) throws ConfigException {
        String prefix = where + ": osk=host reads the OSK from the host's own SMC, but ";
        Optional<String> vendor = vendor();
        if (vendor.isPresent() && !vendor.get().contains("Apple"))
            throw new ConfigException(prefix + "this host is not an Apple machine (its DMI vendor in " + sysVendor
                    + " is '" + vendor.get() + "'); give the key with osk= or oskfile= instead");
        if (!Files.exists(devPort))
            throw new ConfigException(prefix + (vendor.isEmpty()
                    ? "this host is not an Apple machine: it has no DMI vendor (" + sysVendor + ") and no " + devPort
                            + " to look for an SMC; give the key with osk= or oskfile= instead"
                    : devPort + " does not exist (the host must run Linux with /dev/port)"));
        try (PortIo io = opener.open(devPort)) {
            if (vendor.isEmpty() && io.inb(HOST_SMC_BASE + SmcCodes.COMMAND_PORT) == 0xff)
                throw new ConfigException(prefix + "this host is not an Apple machine: it has no DMI vendor ("
                        + sysVendor + ") and no SMC answers at port 0x304; give the key with osk= or oskfile= instead");
            SmcClient smc = new SmcClient(io, HOST_SMC_BASE, pauseBetweenPolls);
            byte[] key = new byte[Osk.LENGTH];
            System.arraycopy(smc.readKey("OSK0", Osk.HALF), 0, key, 0, Osk.HALF);
            System.arraycopy(smc.readKey("OSK1", Osk.HALF), 0, key, Osk.HALF, Osk.HALF);
            return new Osk(key, "osk=host");
        } catch (AccessDeniedException e) {
            throw new ConfigException(prefix + "opening " + devPort + " was refused: run as root or with CAP_SYS_RAWIO", e);
        } catch (IOException e) {
            throw new ConfigException(prefix + "reading it failed: " + e.getMessage(), e);
        }
    }

    private Optional<String> vendor() {
        try {
            return Optional.of(Files.readString(sysVendor, StandardCharsets.UTF_8).trim()).filter(v -> !v.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
