package org.calico4j.model.selector;

import org.calico4j.model.CalicoException;

/**
 * Raised when a selector does not parse; says what is wrong and where.
 *
 * <pre>{@code
 * try { Selector.parse("a == b"); }
 * catch (SelectorParseException e) { log.warn("{} at {}", e.reason(), e.position()); } // expected string at 5
 * }</pre>
 *
 * <p>{@link #reason()} uses Calico's own wording (for example {@code expected string},
 * {@code unterminated string}, {@code expected ==}), so messages can be matched against what
 * calicoctl reports; the full message adds the 0-based position and an excerpt of the input.
 */
public final class SelectorParseException extends CalicoException {
    private static final long serialVersionUID = 1L;
    private static final int EXCERPT_LENGTH = 20;
    private static final int SELECTOR_LENGTH = 120;

    /**
     * The selector text as passed to the parser.
     */
    private final String selector;
    /**
     * Where parsing failed, 0-based.
     */
    private final int position;
    /**
     * Why parsing failed.
     */
    private final String reason;

    SelectorParseException(String selector, int position, String reason) {
        super(format(selector, position, reason));
        this.selector = selector;
        this.position = position;
        this.reason = reason;
    }

    /**
     * The selector text exactly as it was passed to the parser.
     *
     * @return the selector text
     */
    public String selector() {
        return selector;
    }

    /**
     * The 0-based {@code char} index in {@link #selector()} where the problem was found; equal to
     * the selector's length when the problem is that it ended too early.
     *
     * @return the 0-based offset
     */
    public int position() {
        return position;
    }

    /**
     * Calico's description of the problem, without position or excerpt.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    private static String format(String selector, int position, String reason) {
        String where = position >= selector.length()
                ? "at end of selector"
                : "near \"" + printable(excerpt(selector.substring(position), EXCERPT_LENGTH)) + "\"";
        return "Invalid selector \"" + printable(excerpt(selector, SELECTOR_LENGTH)) + "\": "
                + reason + " at position " + position + " (" + where + ")";
    }

    private static String excerpt(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    // Selectors arrive from YAML and may hold newlines or tabs, which would break a log line.
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
