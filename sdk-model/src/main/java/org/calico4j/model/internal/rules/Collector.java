package org.calico4j.model.internal.rules;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.model.Kind;
import org.calico4j.model.validation.Violation;
import org.jspecify.annotations.Nullable;

/** Gathers the violations of one resource, worded as Calico's validator words them. */
public final class Collector {
    private final Kind kind;
    private final String name;
    private final List<Violation> violations = new ArrayList<>();

    public Collector(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    /** A violation with Calico's field name, the value as Go's {@code %v} prints it, and the reason. */
    public void add(String field, @Nullable String value, String reason) {
        violations.add(new Violation(kind, name, field, value, reason));
    }

    /** A failed struct tag: Calico words these {@code Reason: failed to validate Field: F because of Tag: T }. */
    public void tag(String goField, String value, String tag) {
        add(goField, value, "Reason: failed to validate Field: " + goField + " because of Tag: " + tag + " ");
    }

    /** As {@link #add}, placed before the violation at {@code index} (or last, at {@link #size}). */
    void insert(int index, String field, @Nullable String value, String reason) {
        violations.add(index, new Violation(kind, name, field, value, reason));
    }

    /** Forgets the violations added after the first {@code size}. */
    void truncate(int size) {
        violations.subList(size, violations.size()).clear();
    }

    public boolean isEmpty() {
        return violations.isEmpty();
    }

    public int size() {
        return violations.size();
    }

    public List<Violation> violations() {
        return violations.isEmpty() ? List.of() : List.copyOf(violations);
    }

    /** Go's {@code %v} of a string slice. */
    public static String goList(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }
}
