package org.calico4j.model.selector;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Calico label selector, evaluated exactly as Calico v3.32.1 evaluates it.
 *
 * <pre>{@code
 * Selector sel = Selector.parse("environment in {'prod', 'staging'} && has(rack)");
 * sel.matches(Map.of("environment", "prod", "rack", "r1"));   // true
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; parse once and call {@link #matches} as often as
 * needed (it does not allocate). Two selectors are equal when their {@linkplain #canonical()
 * canonical forms} are equal, which is how Calico itself identifies selectors; {@link #text()}
 * keeps the original spelling, which is what Calico stores in resources.
 */
public final class Selector {
    private static final Selector ALL = new Selector("all()", AstNode.ALL);
    /**
     * {@link #tryParse} by text: every write of a pool, peer or policy checks its selectors, and IPAM matches a pool's
     * node selector on every request. A selector is immutable, so one parse serves them all; at most this many are
     * kept (then the map starts again), so texts never seen again do not pile up.
     */
    private static final Map<String, Optional<Selector>> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_KEPT = 1024;

    private final String text;
    private final AstNode root;
    private final String canonical;
    private final Set<String> labels;

    private Selector(String text, AstNode root) {
        this.text = text;
        this.root = root;
        StringBuilder sb = new StringBuilder(text.length() + 8);
        root.appendCanonical(sb);
        this.canonical = sb.toString();
        Set<String> referenced = new LinkedHashSet<>();
        root.collectLabels(referenced);
        this.labels = Collections.unmodifiableSet(referenced);
    }

    /**
     * Parses {@code text}; an empty or blank (spaces and tabs only) selector selects everything.
     *
     * @throws SelectorParseException if {@code text} is not a valid selector
     *
     * @param text a Calico selector, e.g. {@code rack in {'r1'} && has(bgp)}
     * @return the parsed selector
     */
    public static Selector parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Selector(text, Parser.parse(text));
    }

    /**
     * Like {@link #parse}, but empty instead of throwing when {@code text} is invalid.
     *
     * @param text a Calico selector
     * @return the selector, or empty
     */
    public static Optional<Selector> tryParse(String text) {
        Objects.requireNonNull(text, "text");
        Optional<Selector> s = PARSED.get(text);
        if (s == null) {
            try {
                s = Optional.of(parse(text));
            } catch (SelectorParseException e) {
                s = Optional.empty();
            }
            if (PARSED.size() >= PARSED_KEPT) {
                PARSED.clear();
            }
            PARSED.put(text, s);
        }
        return s;
    }

    /**
     * Whether Calico would accept {@code text} as a selector.
     *
     * @param text a Calico selector
     * @return true when it parses
     */
    public static boolean isValid(String text) {
        return tryParse(text).isPresent();
    }

    /**
     * The selector {@code all()}, which matches every label set.
     *
     * @return the selector
     */
    public static Selector all() {
        return ALL;
    }

    /**
     * Whether {@code labels} satisfy this selector. A label mapped to {@code null} is treated as
     * absent.
     *
     * @param labels a resource's labels
     * @return true when the selector matches them
     */
    public boolean matches(Map<String, String> labels) {
        return root.matches(labels);
    }

    /**
     * The selector as it was written (for {@link #all()}: {@code "all()"}).
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * Calico's canonical string form ({@code Selector.String()} in libcalico-go): single spaces
     * around operators, every {@code &&}/{@code ||} group in parentheses, double quotes unless the
     * value contains one, set members sorted and de-duplicated, and {@code all()} for an empty
     * selector. Parsing it again yields an equal selector.
     *
     * @return the canonical text
     */
    public String canonical() {
        return canonical;
    }

    /**
     * Whether this selector is {@code all()} itself (also when written empty or in parentheses).
     *
     * @return true when it matches everything
     */
    public boolean isAll() {
        return root instanceof AstNode.All;
    }

    /**
     * The label names this selector looks at, in order of first appearance.
     *
     * @return the label namess, empty when not set
     */
    public Set<String> labelsReferenced() {
        return labels;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o || (o instanceof Selector other && canonical.equals(other.canonical));
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    /** The {@linkplain #canonical() canonical form}. */
    @Override
    public String toString() {
        return canonical;
    }
}
