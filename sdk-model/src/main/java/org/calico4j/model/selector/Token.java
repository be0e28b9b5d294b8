package org.calico4j.model.selector;

/**
 * One lexeme with the offset it starts at, kept so errors can point into the input.
 *
 * @param value the label name for {@code LABEL} and {@code HAS}, the unquoted text for
 *     {@code STRING}, otherwise empty
 */
record Token(TokenKind kind, String value, int start) {

    /** How error messages name this token. */
    String describe() {
        return switch (kind) {
            case LABEL -> "label \"" + value + "\"";
            case HAS -> "\"has(" + value + ")\"";
            case STRING, EOF -> kind.spelling();
            default -> "\"" + kind.spelling() + "\"";
        };
    }
}
