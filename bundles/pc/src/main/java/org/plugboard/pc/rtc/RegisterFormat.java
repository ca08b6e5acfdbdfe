package org.plugboard.pc.rtc;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.plugboard.pc.support.Bcd;

/**
 * How the MC146818 shows time in its registers, per register B: BCD or binary (DM), 24- or
 * 12-hour (with bit 7 as PM). Converts between a calendar instant (seconds since 1970 on the RTC's
 * own wall clock, no time zone) and the time registers, and matches the alarm registers.
 */
final class RegisterFormat {
    static final int SECONDS = 0x00, SECONDS_ALARM = 0x01, MINUTES = 0x02, MINUTES_ALARM = 0x03, HOURS = 0x04,
            HOURS_ALARM = 0x05, DAY_OF_WEEK = 0x06, DAY_OF_MONTH = 0x07, MONTH = 0x08, YEAR = 0x09, CENTURY = 0x32;
    private static final int B_BINARY = 0x04, B_24H = 0x02, PM = 0x80, DONT_CARE = 0xc0;
    private static final long SECONDS_PER_DAY = 86_400;

    private final boolean binary;
    private final boolean hours24;

    RegisterFormat(int registerB) {
        binary = (registerB & B_BINARY) != 0;
        hours24 = (registerB & B_24H) != 0;
    }

    int encode(int v) {
        return binary ? v : Bcd.toBcd8(v);
    }

    int decode(int b) {
        return binary ? b : Bcd.fromBcd8(b);
    }

    int encodeHour(int h) {
        if (hours24) return encode(h);
        int h12 = h % 12 == 0 ? 12 : h % 12;
        return encode(h12) | (h >= 12 ? PM : 0);
    }

    int decodeHour(int b) {
        if (hours24) return decode(b);
        return decode(b & ~PM) % 12 + ((b & PM) != 0 ? 12 : 0);
    }

    /** Writes the time registers for {@code calendar}; the day of the week is Sunday = 1, shifted by what the guest set. */
    void store(long calendar, int dayOfWeekOffset, byte[] cmos) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(calendar, 0, ZoneOffset.UTC);
        cmos[SECONDS] = (byte) encode(t.getSecond());
        cmos[MINUTES] = (byte) encode(t.getMinute());
        cmos[HOURS] = (byte) encodeHour(t.getHour());
        cmos[DAY_OF_WEEK] = (byte) encode(dayOfWeek(calendar, dayOfWeekOffset));
        cmos[DAY_OF_MONTH] = (byte) encode(t.getDayOfMonth());
        cmos[MONTH] = (byte) encode(t.getMonthValue());
        cmos[YEAR] = (byte) encode(t.getYear() % 100);
        cmos[CENTURY] = (byte) encode(t.getYear() / 100);
    }

    /** The calendar instant the time registers show; out-of-range fields carry over as a clock chip would roll them. */
    long load(byte[] cmos) {
        int year = decode(cmos[CENTURY] & 0xff) * 100 + decode(cmos[YEAR] & 0xff);
        LocalDateTime t = LocalDateTime.of(year, 1, 1, 0, 0)
                .plusMonths(Math.max(decode(cmos[MONTH] & 0xff), 1) - 1L)
                .plusDays(Math.max(decode(cmos[DAY_OF_MONTH] & 0xff), 1) - 1L)
                .plusHours(decodeHour(cmos[HOURS] & 0xff))
                .plusMinutes(decode(cmos[MINUTES] & 0xff))
                .plusSeconds(decode(cmos[SECONDS] & 0xff));
        return t.toEpochSecond(ZoneOffset.UTC);
    }

    /** Offset that makes {@link #store} show the day of the week the registers hold now. */
    int dayOfWeekOffset(long calendar, byte[] cmos) {
        return Math.floorMod(decode(cmos[DAY_OF_WEEK] & 0xff) - dayOfWeek(calendar, 0), 7);
    }

    private static int dayOfWeek(long calendar, int offset) {
        long days = Math.floorDiv(calendar, SECONDS_PER_DAY); // 1970-01-01 was a Thursday (5 with Sunday = 1)
        return (int) Math.floorMod(days + 4 + offset, 7L) + 1;
    }

    /** True if the alarm registers match the time of day of {@code calendar}; 0xc0..0xff means "any". */
    boolean alarmMatches(long calendar, byte[] cmos) {
        long sod = Math.floorMod(calendar, SECONDS_PER_DAY);
        return field(cmos[SECONDS_ALARM], encode((int) (sod % 60)))
                && field(cmos[MINUTES_ALARM], encode((int) (sod / 60 % 60)))
                && field(cmos[HOURS_ALARM], encodeHour((int) (sod / 3600)));
    }

    private static boolean field(byte alarm, int now) {
        int a = alarm & 0xff;
        return (a & DONT_CARE) == DONT_CARE || a == now;
    }
}
