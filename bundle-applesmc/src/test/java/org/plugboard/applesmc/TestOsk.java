package org.plugboard.applesmc;

import java.nio.charset.StandardCharsets;

/** A placeholder OSK of the project's own, 64 printable characters; never Apple's string. */
final class TestOsk {
    static final String PLACEHOLDER = "PLUGBOARD-TEST-OSK-0123456789-abcdefghijklmnopqrstuvwxyz-PADDING";

    private TestOsk() {
    }

    static Osk osk() {
        return new Osk(PLACEHOLDER.getBytes(StandardCharsets.US_ASCII), "osk=");
    }

    static String firstHalf() {
        return PLACEHOLDER.substring(0, 32);
    }

    static String secondHalf() {
        return PLACEHOLDER.substring(32);
    }
}
