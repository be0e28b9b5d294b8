package org.calico4j.dataplane.iptables;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One table as {@code iptables-save -t <table>} prints it, read as Felix reads it: the chains and,
 * per rule, its {@code cali:} hash (null for rules of other tools) and its full text (to delete it by value).
 *
 * <pre>{@code
 * SavedTable t = SavedTable.parse(iptablesSaveOutput);
 * t.hashes("cali-nat-outgoing");   // [W_qq_N2KSTWyCvrX]
 * }</pre>
 */
public final class SavedTable {
    private static final Pattern HASH = Pattern.compile("--comment \"?cali:([\\w-]+)\"?");
    private final Map<String, List<SavedRule>> chains;

    private SavedTable(Map<String, List<SavedRule>> chains) {
        this.chains = chains;
    }

    /**
     * A rule line.
     *
     * @param hash its {@code cali:} hash, or null
     * @param spec the rule after {@code -A <chain> }
     */
    public record SavedRule(@Nullable String hash, String spec) {
    }

    /**
     * Reads one table of {@code iptables-save} output.
     *
     * @param save the output
     * @return the table
     */
    public static SavedTable parse(String save) {
        Map<String, List<SavedRule>> chains = new LinkedHashMap<>();
        for (String line : save.split("\n")) {
            if (line.startsWith(":")) {
                int sp = line.indexOf(' ');
                chains.putIfAbsent(sp < 0 ? line.substring(1) : line.substring(1, sp), new ArrayList<>());
            } else if (line.startsWith("-A ")) {
                int sp = line.indexOf(' ', 3);
                String chain = sp < 0 ? line.substring(3) : line.substring(3, sp);
                String spec = sp < 0 ? "" : line.substring(sp + 1);
                Matcher m = HASH.matcher(spec);
                chains.computeIfAbsent(chain, k -> new ArrayList<>()).add(new SavedRule(m.find() ? m.group(1) : null, spec));
            }
        }
        return new SavedTable(chains);
    }

    /**
     * Whether the table has the chain.
     *
     * @param chain a chain name
     * @return true when present
     */
    public boolean has(String chain) {
        return chains.containsKey(chain);
    }

    /**
     * Chain names in the order printed.
     *
     * @return the {@code chainNames} values, empty when not set
     */
    public List<String> chainNames() {
        return List.copyOf(chains.keySet());
    }

    /**
     * A chain's rules, in order.
     *
     * @param chain a chain name
     * @return the rules, empty when absent
     */
    public List<SavedRule> rules(String chain) {
        return Collections.unmodifiableList(chains.getOrDefault(chain, List.of()));
    }

    /**
     * The {@code cali:} hashes of a chain's rules, in order ("" for a rule without one).
     *
     * @param chain a chain name
     * @return the hashes
     */
    public List<String> hashes(String chain) {
        List<String> out = new ArrayList<>();
        for (SavedRule r : rules(chain)) {
            out.add(r.hash() == null ? "" : r.hash());
        }
        return out;
    }
}
