package io.lambdakit.tracing.internal;

/** The naming rules of X-Ray segment documents. */
public final class Names {

    /** The longest (sub)segment name X-Ray accepts. */
    public static final int MAX_NAME_LENGTH = 200;
    /** The longest annotation key X-Ray accepts. */
    public static final int MAX_ANNOTATION_KEY_LENGTH = 500;
    /** The longest annotation string value X-Ray accepts; longer values are cut. */
    public static final int MAX_ANNOTATION_VALUE_LENGTH = 1000;

    /** The symbols of X-Ray's name pattern (its {@code \-} is a regex-escaped hyphen, not a backslash). */
    private static final String ALLOWED_SYMBOLS = "_.:/%&#=+-@";

    private Names() {
    }

    /**
     * X-Ray names may hold Unicode letters, digits, spaces and {@code _.:/%&#=+\-@}, up to 200
     * characters.
     *
     * @param raw a candidate name
     * @return the name with every other character replaced by {@code _}, cut to {@value #MAX_NAME_LENGTH} characters
     */
    public static String sanitize(String raw) {
        String s = raw == null ? "" : raw.strip();
        if (isValidName(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_NAME_LENGTH));
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int out = isNameCodePoint(cp) ? cp : '_';
            if (sb.length() + Character.charCount(out) > MAX_NAME_LENGTH) {
                break;
            }
            sb.appendCodePoint(out);
        }
        String out = sb.toString().strip();
        return out.isEmpty() ? "_" : out;
    }

    private static boolean isValidName(String s) {
        if (s.isEmpty() || s.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!isNameCodePoint(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean isNameCodePoint(int cp) {
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                 Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.SPACE_SEPARATOR -> {
                return true;
            }
            default -> {
                return ALLOWED_SYMBOLS.indexOf(cp) >= 0;
            }
        }
    }

    /**
     * X-Ray indexes annotations whose keys are ASCII letters, digits and underscores.
     *
     * @param key a candidate annotation key
     * @return true when X-Ray accepts it: 1 to {@value #MAX_ANNOTATION_KEY_LENGTH} of {@code [A-Za-z0-9_]}
     */
    public static boolean isValidAnnotationKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_ANNOTATION_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
