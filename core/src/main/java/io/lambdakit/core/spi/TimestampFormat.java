package io.lambdakit.core.spi;

import java.time.Instant;

/**
 * Formats epoch milliseconds as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (UTC, always three fraction
 * digits, the format Powertools writes and Lambda's log filtering accepts as RFC 3339) into a
 * reusable character buffer, without allocating. The date and time of day are recomputed only
 * when the second changes. Not thread-safe: one per thread. Shared by every line lambdakit writes:
 * lambdakit-logging's lines and core's lifecycle report.
 */
public final class TimestampFormat implements CharSequence {

    private static final int LENGTH = 24;
    private static final long MIN_MILLIS = -62_167_219_200_000L; // 0000-01-01T00:00:00Z
    private static final long MAX_MILLIS = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

    private final char[] chars = new char[LENGTH];
    private long cachedSecond = Long.MIN_VALUE;
    private long cachedMillis = Long.MIN_VALUE;
    private String cachedString;

    /**
     * Formats as a {@code String}, allocating only when the millisecond changed since the last call.
     * (A {@code String} rather than this {@code CharSequence}: the JSON writer's escape loop stays
     * monomorphic and fast.)
     *
     * @param epochMillis an instant
     * @return the formatted instant
     */
    public String formatString(long epochMillis) {
        if (epochMillis != cachedMillis || cachedString == null) {
            cachedString = format(epochMillis).toString();
            cachedMillis = epochMillis;
        }
        return cachedString;
    }

    /**
     * @param epochMillis an instant
     * @return this, holding the formatted instant until the next call
     */
    public CharSequence format(long epochMillis) {
        if (epochMillis < MIN_MILLIS || epochMillis > MAX_MILLIS) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        long second = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        if (second != cachedSecond) {
            fillSecond(second);
            cachedSecond = second;
        }
        chars[20] = (char) ('0' + millis / 100);
        chars[21] = (char) ('0' + (millis / 10) % 10);
        chars[22] = (char) ('0' + millis % 10);
        return this;
    }

    private void fillSecond(long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // civil_from_days (H. Hinnant), proleptic Gregorian calendar
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (m <= 2 ? y + 1 : y);
        put4(0, year);
        chars[4] = '-';
        put2(5, m);
        chars[7] = '-';
        put2(8, d);
        chars[10] = 'T';
        put2(11, secOfDay / 3600);
        chars[13] = ':';
        put2(14, (secOfDay / 60) % 60);
        chars[16] = ':';
        put2(17, secOfDay % 60);
        chars[19] = '.';
        chars[23] = 'Z';
    }

    private void put2(int at, int v) {
        chars[at] = (char) ('0' + v / 10);
        chars[at + 1] = (char) ('0' + v % 10);
    }

    private void put4(int at, int v) {
        chars[at] = (char) ('0' + v / 1000);
        chars[at + 1] = (char) ('0' + (v / 100) % 10);
        chars[at + 2] = (char) ('0' + (v / 10) % 10);
        chars[at + 3] = (char) ('0' + v % 10);
    }

    @Override
    public int length() {
        return LENGTH;
    }

    @Override
    public char charAt(int index) {
        return chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(chars, start, end - start);
    }

    @Override
    public String toString() {
        return new String(chars);
    }
}
