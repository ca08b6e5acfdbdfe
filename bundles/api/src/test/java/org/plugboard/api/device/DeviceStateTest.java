package org.plugboard.api.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The versioned, self-describing device state and its binary form. */
class DeviceStateTest {
    /** A state holding one of every value type, with edge values. */
    private static DeviceState everyType() {
        return new DeviceState("isa-serial", 3)
                .putLong("min", Long.MIN_VALUE)
                .putLong("max", Long.MAX_VALUE)
                .putInt("ier", 0x0f)
                .putBoolean("loopback", true)
                .putBoolean("fifo", false)
                .putString("name", "COM1 – ünïcödé")
                .putString("empty", "")
                .putBytes("rx", new byte[] {0, 1, (byte) 0xff, (byte) 0x80})
                .putBytes("none", new byte[0])
                .putLongs("deadlines", new long[] {-1, 0, 1_000_000_000_000L});
    }

    private static DeviceState roundTrip(DeviceState s) {
        return DeviceState.fromBytes(s.toBytes());
    }

    @Test
    void everyValueTypeSurvivesTheBinaryForm() {
        DeviceState back = roundTrip(everyType());

        assertEquals("isa-serial", back.type());
        assertEquals(3, back.version());
        assertEquals(List.of("min", "max", "ier", "loopback", "fifo", "name", "empty", "rx", "none", "deadlines"),
                List.copyOf(back.names()), "names in insertion order");
        assertEquals(Long.MIN_VALUE, back.getLong("min"));
        assertEquals(Long.MAX_VALUE, back.getLong("max"));
        assertEquals(0x0f, back.getInt("ier"));
        assertTrue(back.getBoolean("loopback"));
        assertFalse(back.getBoolean("fifo"));
        assertEquals("COM1 – ünïcödé", back.getString("name"));
        assertEquals("", back.getString("empty"));
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff, (byte) 0x80}, back.getBytes("rx"));
        assertArrayEquals(new byte[0], back.getBytes("none"));
        assertArrayEquals(new long[] {-1, 0, 1_000_000_000_000L}, back.getLongs("deadlines"));
        assertEquals(everyType(), back);
        assertEquals(everyType().hashCode(), back.hashCode());
    }

    static Stream<Arguments> oneValueEach() {
        return Stream.of(
                Arguments.of("long", (Consumer<DeviceState>) s -> s.putLong("v", -2)),
                Arguments.of("boolean", (Consumer<DeviceState>) s -> s.putBoolean("v", true)),
                Arguments.of("string", (Consumer<DeviceState>) s -> s.putString("v", "x")),
                Arguments.of("bytes", (Consumer<DeviceState>) s -> s.putBytes("v", new byte[] {9})),
                Arguments.of("longs", (Consumer<DeviceState>) s -> s.putLongs("v", new long[] {7})),
                Arguments.of("secret", (Consumer<DeviceState>) s -> s.putSecretBytes("v", new byte[] {1, 2})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneValueEach")
    void aSingleValueOfEachTypeRoundTripsToAnEqualState(String kind, Consumer<DeviceState> put) {
        DeviceState s = new DeviceState("t", 1);
        put.accept(s);
        DeviceState back = roundTrip(s);
        assertEquals(s, back);
        assertEquals(s.toString(), back.toString());
        assertArrayEquals(s.toBytes(), back.toBytes());
    }

    @Test
    void secretsAreMaskedInTheDumpButKeptInTheBytes() {
        byte[] osk = "ourhardworkbythesewordsguardedpl".getBytes();
        DeviceState s = new DeviceState("applesmc", 1).putSecretBytes("osk", osk).putLong("key-count", 3);

        String dump = s.toString();
        assertFalse(dump.contains("6f7572"), "no hex of the key: " + dump);
        assertFalse(dump.contains("ourhard"), dump);
        assertTrue(dump.contains("<secret, 32 bytes>"), dump);
        assertTrue(dump.contains("key-count = 0x3"), dump);

        DeviceState back = roundTrip(s);
        assertArrayEquals(osk, back.getBytes("osk"), "the state still carries the key");
        assertTrue(back.toString().contains("<secret, 32 bytes>"), "still secret after a round trip");
    }

    @Test
    void storedArraysAreCopiesBothWays() {
        byte[] b = {1, 2, 3};
        long[] l = {4, 5};
        DeviceState s = new DeviceState("t", 1).putBytes("b", b).putLongs("l", l);
        b[0] = 99;
        l[0] = 99;
        s.getBytes("b")[1] = 99;
        assertArrayEquals(new byte[] {1, 2, 3}, s.getBytes("b"));
        assertArrayEquals(new long[] {4, 5}, s.getLongs("l"));
    }

    @Test
    void gettersNameTheMissingOrMistypedField() {
        DeviceState s = new DeviceState("hpet", 2).putLong("config", 1);

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> s.getLong("counter"));
        assertTrue(missing.getMessage().contains("hpet") && missing.getMessage().contains("'counter'"), missing.getMessage());
        IllegalArgumentException mistyped = assertThrows(IllegalArgumentException.class, () -> s.getString("config"));
        assertTrue(mistyped.getMessage().contains("'config'") && mistyped.getMessage().contains("Long"), mistyped.getMessage());
        assertEquals(42, s.getLong("counter", 42));
        assertTrue(s.getBoolean("enabled", true));
        assertEquals(1, s.getLong("config", 42));
    }

    @Test
    void expectAcceptsItsTypeWithinTheVersionRange() {
        DeviceState v2 = new DeviceState("hpet", 2);
        assertSame(v2, v2.expect("hpet", 1, 2));
        assertSame(v2, v2.expect("hpet", 2, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"other:1:3", "hpet:3:4", "hpet:0:1"})
    void expectRefusesAnotherTypeOrAVersionOutOfRange(String spec) {
        String[] p = spec.split(":");
        DeviceState v2 = new DeviceState("hpet", 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> v2.expect(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2])));
        assertTrue(e.getMessage().contains("hpet state v2") && e.getMessage().contains("v" + p[1] + "..v" + p[2]), e.getMessage());
    }

    @Test
    void everyTruncationOfAValidStateIsRefused() {
        byte[] full = everyType().toBytes();
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceState.fromBytes(cut),
                    "truncated to " + n + " bytes");
            assertTrue(e.getMessage().startsWith("corrupt device state"), e.getMessage());
        }
    }

    @Test
    void anUnknownValueTagIsRefusedNamingTheField() throws IOException {
        byte[] bad = encode(out -> {
            out.writeByte(' ');
            out.writeUTF("weird");
            out.writeByte('Q');
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceState.fromBytes(bad));
        assertTrue(e.getMessage().contains("weird"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void anImpossibleArrayLengthIsRefusedWithoutAllocatingIt(int length) throws IOException {
        for (char tag : new char[] {'B', 'L'}) {
            byte[] bad = encode(out -> {
                out.writeByte(' ');
                out.writeUTF("array");
                out.writeByte(tag);
                out.writeInt(length);
            });
            assertThrows(IllegalArgumentException.class, () -> DeviceState.fromBytes(bad), tag + " of length " + length);
        }
    }

    @Test
    void bytesAfterTheLastFieldAreRefused() {
        byte[] good = everyType().toBytes();
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertThrows(IllegalArgumentException.class, () -> DeviceState.fromBytes(longer));
    }

    @Test
    void statesDifferWhenAnyValueDiffers() {
        assertNotEquals(new DeviceState("t", 1).putLong("a", 1), new DeviceState("t", 1).putLong("a", 2));
        assertNotEquals(new DeviceState("t", 1).putLong("a", 1), new DeviceState("t", 2).putLong("a", 1));
        assertNotEquals(new DeviceState("t", 1).putLong("a", 1), new DeviceState("t", 1).putBoolean("a", true));
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** A hand-made encoding of a "t" v1 state with one field written by {@code field}. */
    private static byte[] encode(Body field) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("t");
            out.writeInt(1);
            out.writeInt(1);
            field.write(out);
        }
        return bytes.toByteArray();
    }
}
