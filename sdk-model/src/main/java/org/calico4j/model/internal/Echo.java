package org.calico4j.model.internal;

/**
 * Values echoed in messages, shortened: a rejected megabyte must not become a megabyte-sized
 * error (three of them, when the value is quoted by the field and by the reason).
 */
public final class Echo {
    /** Characters of a value shown in a message. */
    public static final int MAX = 200;

    private Echo() {
    }

    /** {@code s} itself, or its first {@link #MAX} characters, an ellipsis and its length. */
    public static String shorten(String s) {
        if (s.length() <= MAX + 40) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(MAX - 1)) ? MAX - 1 : MAX;
        return s.substring(0, end) + "... (" + s.length() + " characters)";
    }
}
