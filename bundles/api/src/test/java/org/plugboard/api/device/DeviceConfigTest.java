package org.plugboard.api.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A device's properties as the user wrote them, and their typed parsing. */
class DeviceConfigTest {
    private static DeviceConfig config(String... keyValues) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) p.put(keyValues[i], keyValues[i + 1]);
        return new DeviceConfig("isa-serial", "com1", p);
    }

    @ParameterizedTest
    @CsvSource({
            "123, 123", "0x7b, 123", "0X7B, 123", "0, 0", "' 42 ', 42", "-1, -1",
            "4K, 4096", "4k, 4096", "16M, 16777216", "2G, 2147483648", "1T, 1099511627776",
            "0xffffffffffffffff, -1"})
    void numbersAndSizesParse(String text, long expected) {
        assertEquals(expected, DeviceConfig.parseNumber(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "0x", "12Q", "K", "1.5M", "0x1g"})
    void nonNumbersAreRefused(String text) {
        assertThrows(NumberFormatException.class, () -> DeviceConfig.parseNumber(text));
    }

    @Test
    void numberPropertiesUseTheDefaultWhenAbsent() throws ConfigException {
        DeviceConfig c = config("iobase", "0x2f8", "fifo", "16");
        assertEquals(0x2f8, c.number("iobase", 0x3f8));
        assertEquals(16, c.number("fifo", 1, 1, 64));
        assertEquals(4, c.number("irq", 4));
    }

    @Test
    void aBadNumberNamesTheDeviceThePropertyAndTheValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("iobase", "com").number("iobase", 0));
        assertEquals("device com1 (isa-serial): property 'iobase': 'com' is not a number", e.getMessage());
    }

    @Test
    void aNumberOutOfRangeNamesTheRange() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("irq", "16").number("irq", 4, 0, 15));
        assertTrue(e.getMessage().contains("'irq'") && e.getMessage().contains("16") && e.getMessage().contains("0x0..0xf"),
                e.getMessage());
    }

    @Test
    void aSizeTooLargeForALongIsAConfigErrorNotACrash() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("size", "16777216T").number("size", 0));
        assertTrue(e.getMessage().contains("'size'"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"on, true", "ON, true", "true, true", "yes, true", "1, true",
            "off, false", "false, false", "No, false", "0, false"})
    void booleansParse(String text, boolean expected) throws ConfigException {
        assertEquals(expected, config("fifo", text).bool("fifo", !expected));
    }

    @Test
    void aBadBooleanNamesTheProperty() throws ConfigException {
        ConfigException e = assertThrows(ConfigException.class, () -> config("fifo", "maybe").bool("fifo", true));
        assertEquals("device com1 (isa-serial): property 'fifo': 'maybe' is not on/off", e.getMessage());
        assertFalse(config().bool("fifo", false), "absent: the default");
    }

    @Test
    void requiredStringsNameWhatIsMissing() throws ConfigException {
        assertEquals("disk.img", config("file", "disk.img").requireString("file"));
        ConfigException e = assertThrows(ConfigException.class, () -> config().requireString("file"));
        assertEquals("device com1 (isa-serial): property 'file' is required", e.getMessage());
        assertEquals("dflt", config().string("file", "dflt"));
    }

    @Test
    void propertiesAreAnUnmodifiableCopyInOrder() {
        Map<String, String> p = new HashMap<>(Map.of("a", "1"));
        DeviceConfig c = new DeviceConfig("t", "t.1", p);
        p.put("b", "2");
        assertFalse(c.has("b"));
        assertThrows(UnsupportedOperationException.class, () -> c.properties().put("c", "3"));
        assertEquals("isa-serial,id=com1,iobase=0x3f8,irq=4", config("iobase", "0x3f8", "irq", "4").toString());
    }
}
