package io.github.crmvault.common.web;

/**
 * Text a client sends must be storable as it was sent: PostgreSQL refuses the NUL character, and an
 * unpaired UTF-16 surrogate is not a character at all (the driver would store "?" in its place).
 */
public final class Texts {
    private Texts() {
    }

    /** Why the text cannot be accepted, or null when it can. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains a NUL character (U+0000), which text may not hold";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate (\\u" + Integer.toHexString(c) + "), which is not a Unicode character";
            }
        }
        return null;
    }
}
