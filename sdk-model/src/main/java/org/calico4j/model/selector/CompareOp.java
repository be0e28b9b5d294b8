package org.calico4j.model.selector;

import org.jspecify.annotations.Nullable;

/** The operators that compare one label value with one string literal. */
enum CompareOp {
    EQ(" == "),
    NE(" != "),
    CONTAINS(" contains "),
    STARTS_WITH(" starts with "),
    ENDS_WITH(" ends with ");

    private final String canonical;

    CompareOp(String canonical) {
        this.canonical = canonical;
    }

    /** The operator with the single spaces Calico prints around it. */
    String canonical() {
        return canonical;
    }

    /** {@code actual} is null when the label is absent: only {@code !=} matches then. */
    boolean test(@Nullable String actual, String expected) {
        if (actual == null) {
            return this == NE;
        }
        return switch (this) {
            case EQ -> actual.equals(expected);
            case NE -> !actual.equals(expected);
            case CONTAINS -> actual.contains(expected);
            case STARTS_WITH -> actual.startsWith(expected);
            case ENDS_WITH -> actual.endsWith(expected);
        };
    }
}
