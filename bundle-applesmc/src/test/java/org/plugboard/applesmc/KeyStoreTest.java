package org.plugboard.applesmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.DeviceState;

class KeyStoreTest {
    private final KeyStore store = new KeyStore(DefaultKeys.with(TestOsk.osk()));

    @Test
    void keysAreInByteOrderWithKeyCountFirst() {
        assertEquals("#KEY", store.key(0).name());
        for (int i = 1; i < store.size(); i++)
            assertTrue(store.key(i - 1).name().compareTo(store.key(i).name()) < 0);
        assertTrue(store.indexOf("TM0P") < store.indexOf("Th0H"), "lower case sorts after upper case");
    }

    @Test
    void keyCountCountsItself() {
        assertArrayEquals(new byte[] {0, 0, 0, (byte) store.size()}, store.value(store.indexOf("#KEY")));
        assertEquals(22, store.size());
    }

    @Test
    void lookUpByName() {
        for (int i = 0; i < store.size(); i++) assertEquals(i, store.indexOf(store.key(i).name()));
        assertEquals(-1, store.indexOf("ZZZZ"));
        assertEquals(-1, store.indexOf("!!!!"));
        assertEquals(-1, store.indexOf("FNu"));
    }

    @Test
    void temperaturesAreSp78AndReadOnly() {
        for (int i = 0; i < store.size(); i++) {
            SmcKey k = store.key(i);
            if (k.name().startsWith("T")) {
                assertEquals("sp78", k.type(), k.name());
                assertEquals(SmcCodes.ATTR_READ, k.attributes(), k.name());
            }
        }
    }

    @Test
    void valuesKeepTheirSize() {
        int i = store.indexOf("F0Tg");
        store.setValue(i, new byte[] {0x17, 0x70});
        assertArrayEquals(new byte[] {0x17, 0x70}, store.value(i));
        assertThrows(IllegalArgumentException.class, () -> store.setValue(i, new byte[] {1}));
    }

    @Test
    void stateHoldsWritableKeysOnly() {
        DeviceState state = new DeviceState("isa-applesmc", 1);
        store.setValue(store.indexOf("NATJ"), new byte[] {7});
        store.save(state);
        assertTrue(state.has("key.NATJ"));
        assertTrue(state.has("key.LKSB"));
        assertTrue(!state.has("key.OSK0") && !state.has("key.FNum") && !state.has("key.#KEY"));
        KeyStore other = new KeyStore(DefaultKeys.with(TestOsk.osk()));
        other.restore(state);
        assertArrayEquals(new byte[] {7}, other.value(other.indexOf("NATJ")));
    }

    @Test
    void duplicateKeysAreRefused() {
        SmcKey k = new SmcKey("ABCD", "ui8 ", SmcCodes.ATTR_READ, new byte[] {1});
        assertThrows(IllegalArgumentException.class, () -> new KeyStore(List.of(k, k)));
        assertThrows(IllegalArgumentException.class, () -> new SmcKey("ABC", "ui8 ", 0x80, new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new SmcKey("ABCD", "ui8 ", 0x80, new byte[33]));
    }

    @Test
    void fixedPointEncodings() {
        assertArrayEquals(new byte[] {0x2d, 0x00}, DefaultKeys.sp78(45.0));
        assertArrayEquals(new byte[] {0x1c, 0x40}, DefaultKeys.sp78(28.25));
        assertArrayEquals(new byte[] {(byte) 0xfb, 0x00}, DefaultKeys.sp78(-5.0));
        assertArrayEquals(new byte[] {0x12, (byte) 0xc0}, DefaultKeys.fpe2(1200));
    }

    @Test
    void keyDescriptionsNameNoValues() {
        String s = store.key(store.indexOf("OSK0")).toString();
        assertTrue(s.contains("OSK0") && s.contains("ch8*") && !s.contains(TestOsk.firstHalf()), s);
    }
}
