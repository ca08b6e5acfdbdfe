package org.plugboard.applesmc;

import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;

/** Test kits hosting an AppleSMC configured with the placeholder OSK. */
final class SmcKits {
    static final int BASE = 0x300;
    static final int DATA = BASE;
    static final int CMD = BASE + 4;
    static final int RESULT = BASE + 0x1e;

    private SmcKits() {
    }

    static DeviceTestKit withPlaceholderOsk() throws ConfigException {
        return DeviceTestKit.builder(new AppleSmcFactory()).id("smc").property("osk", TestOsk.PLACEHOLDER).build();
    }
}
