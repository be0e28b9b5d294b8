package org.calico4j.model.selector;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parsed form of a selector. Evaluation reads the label map only; it allocates nothing.
 *
 * <p>A label mapped to {@code null} counts as absent, so every operator agrees on presence.
 */
sealed interface AstNode {
    AstNode ALL = new All();
    AstNode GLOBAL = new Global();

    boolean matches(Map<String, String> labels);

    /** Appends Calico's canonical string form ({@code collectFragments} in {@code ast.go}). */
    void appendCanonical(StringBuilder out);

    void collectLabels(Set<String> out);

    record All() implements AstNode {
        @Override
        public boolean matches(Map<String, String> labels) {
            return true;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append("all()");
        }

        @Override
        public void collectLabels(Set<String> out) {}
    }

    /** Means "all namespaces" in a policy's namespaceSelector; as a label test it is always true. */
    record Global() implements AstNode {
        @Override
        public boolean matches(Map<String, String> labels) {
            return true;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append("global()");
        }

        @Override
        public void collectLabels(Set<String> out) {}
    }

    record Has(String label) implements AstNode {
        @Override
        public boolean matches(Map<String, String> labels) {
            return labels.get(label) != null;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append("has(").append(label).append(')');
        }

        @Override
        public void collectLabels(Set<String> out) {
            out.add(label);
        }
    }

    record Compare(String label, CompareOp op, String value) implements AstNode {
        @Override
        public boolean matches(Map<String, String> labels) {
            return op.test(labels.get(label), value);
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append(label).append(op.canonical());
            appendQuoted(out, value);
        }

        @Override
        public void collectLabels(Set<String> out) {
            out.add(label);
        }
    }

    /**
     * {@code in} / {@code not in}.
     *
     * @param members distinct values in Calico's order (byte-wise UTF-8, i.e. code point order)
     */
    record InSet(String label, boolean negated, List<String> members, Set<String> lookup)
            implements AstNode {

        static InSet of(String label, boolean negated, List<String> values) {
            TreeSet<String> sorted = new TreeSet<>(CODE_POINT_ORDER);
            sorted.addAll(values);
            return new InSet(label, negated, List.copyOf(sorted), Set.copyOf(sorted));
        }

        @Override
        public boolean matches(Map<String, String> labels) {
            String actual = labels.get(label);
            if (actual == null) {
                return negated;
            }
            return lookup.contains(actual) != negated;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append(label).append(negated ? " not in {" : " in {");
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                appendQuoted(out, members.get(i));
            }
            out.append('}');
        }

        @Override
        public void collectLabels(Set<String> out) {
            out.add(label);
        }
    }

    // Calico keeps one NotNode per run of '!' with odd length and prints it as a bare '!'.
    record Not(AstNode operand) implements AstNode {
        @Override
        public boolean matches(Map<String, String> labels) {
            return !operand.matches(labels);
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append('!');
            operand.appendCanonical(out);
        }

        @Override
        public void collectLabels(Set<String> out) {
            operand.collectLabels(out);
        }
    }

    record And(List<AstNode> operands) implements AstNode {
        @Override
        public boolean matches(Map<String, String> labels) {
            for (int i = 0; i < operands.size(); i++) {
                if (!operands.get(i).matches(labels)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            appendGroup(out, operands, " && ");
        }

        @Override
        public void collectLabels(Set<String> out) {
            operands.forEach(n -> n.collectLabels(out));
        }
    }

    record Or(List<AstNode> operands) implements AstNode {
        @Override
        public boolean matches(Map<String, String> labels) {
            for (int i = 0; i < operands.size(); i++) {
                if (operands.get(i).matches(labels)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            appendGroup(out, operands, " || ");
        }

        @Override
        public void collectLabels(Set<String> out) {
            operands.forEach(n -> n.collectLabels(out));
        }
    }

    /** Go compares strings byte-wise; for UTF-8 that is code point order, not UTF-16 order. */
    Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    // Calico wraps every &&/|| group in parentheses, even at the top level.
    private static void appendGroup(StringBuilder out, List<AstNode> operands, String separator) {
        out.append('(');
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            operands.get(i).appendCanonical(out);
        }
        out.append(')');
    }

    // A value never holds both quote kinds (there are no escapes), so one of them always works.
    private static void appendQuoted(StringBuilder out, String value) {
        char quote = value.indexOf('"') >= 0 ? '\'' : '"';
        out.append(quote).append(value).append(quote);
    }
}
