package io.lambdakit.core.spi;

/** UTF-8 sizes without encoding, for the modules that check a service's byte limits before writing. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * @param s text
     * @return its length in UTF-8 bytes; an unpaired surrogate counts as the three bytes of U+FFFD, which is
     *         what lambdakit's {@code JsonWriter} puts in its place
     */
    public static long length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
