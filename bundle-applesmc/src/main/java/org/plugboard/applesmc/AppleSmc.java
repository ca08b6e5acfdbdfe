package org.plugboard.applesmc;

import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.firmware.FirmwareBuilder;
import org.plugboard.api.firmware.FirmwareContributor;

/**
 * An Apple System Management Controller on the ISA/LPC bus: one byte-wide 0x20-port window
 * holding the data port (+0x00), the command/status port (+0x04) and the result port (+0x1e);
 * the other ports of the window read 0xff. It contributes its own ACPI node.
 */
final class AppleSmc implements Device, FirmwareContributor {
    static final String STATE_TYPE = "isa-applesmc";
    static final int STATE_VERSION = 1;
    private static final int UNDECODED = 0xff;

    private final int ioBase;
    private final KeyStore keys;
    private final SmcPortProtocol protocol;
    private Osk osk;

    AppleSmc(String id, int ioBase, Osk osk) {
        this.ioBase = ioBase;
        this.osk = osk;
        this.keys = new KeyStore(DefaultKeys.with(osk));
        this.protocol = new SmcPortProtocol(keys, id);
    }

    @Override
    public void realize(DeviceContext context) {
        RegionOps ops = new RegionOps() {
            @Override
            public long read(long offset, int size) {
                return switch ((int) offset) {
                    case SmcCodes.DATA_PORT -> protocol.readData();
                    case SmcCodes.COMMAND_PORT -> protocol.readStatus();
                    case SmcCodes.RESULT_PORT -> protocol.readResult();
                    default -> UNDECODED;
                };
            }

            @Override
            public void write(long offset, int size, long value) {
                int b = (int) value & 0xff;
                switch ((int) offset) {
                    case SmcCodes.DATA_PORT -> protocol.writeData(b);
                    case SmcCodes.COMMAND_PORT -> protocol.writeCommand(b);
                    case SmcCodes.RESULT_PORT -> protocol.writeResult(b);
                    default -> { } // not decoded by the SMC
                }
            }
        };
        context.io().map(Region.of("applesmc", context.id(), SmcCodes.WINDOW_SIZE, 1, 1, ops), ioBase);
    }

    @Override
    public void reset() {
        protocol.reset();
    }

    @Override
    public DeviceState saveState() {
        DeviceState state = new DeviceState(STATE_TYPE, STATE_VERSION);
        state.putSecretBytes("osk", osk.bytes());
        keys.save(state);
        protocol.save(state);
        return state;
    }

    /** Restores the guest-visible state, the OSK the guest saw included (it wins over this instance's configuration). */
    @Override
    public void restoreState(DeviceState state) {
        state.expect(STATE_TYPE, 1, STATE_VERSION);
        Osk saved = new Osk(state.getBytes("osk"), "saved state");
        keys.setValue(keys.indexOf("OSK0"), saved.half(0));
        keys.setValue(keys.indexOf("OSK1"), saved.half(1));
        osk = saved;
        keys.restore(state);
        protocol.restore(state);
    }

    @Override
    public String describe() {
        return String.format("AppleSMC at 0x%03x-0x%03x, %d keys, %s, %s", ioBase, ioBase + SmcCodes.WINDOW_SIZE - 1,
                keys.size(), osk, protocol.describe());
    }

    @Override
    public void contribute(FirmwareBuilder builder) {
        builder.acpiNode(FirmwareBuilder.AcpiScope.ISA_BRIDGE, SmcAcpiNode.forIoBase(ioBase));
    }
}
