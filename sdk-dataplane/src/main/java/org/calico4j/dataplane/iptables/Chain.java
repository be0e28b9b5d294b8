package org.calico4j.dataplane.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * A chain's name and rules, with Felix's {@code cali:} hash per rule.
 *
 * <pre>{@code
 * new Chain("cali-nat-outgoing", rules).hashes(Features.modern());
 * }</pre>
 *
 * @param name  the chain ({@code cali-POSTROUTING}; for rules hooked into a kernel chain, the name they hash over)
 * @param rules in order
 */
public record Chain(String name, List<Rule> rules) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param name the chain ({@code cali-POSTROUTING}; for rules hooked into a kernel chain, the name they hash over)
     * @param rules in order
     */
    public Chain {
        rules = List.copyOf(rules);
    }

    /**
     * Felix's hash of each rule, in order.
     *
     * @param f the iptables features in use
     * @return the hashes
     */
    public List<String> hashes(Features f) {
        List<String> forHash = new ArrayList<>(rules.size());
        for (Rule r : rules) {
            forHash.add("-A " + name + " HASH " + r.render(f));
        }
        return RuleHash.of(name, forHash);
    }

    /**
     * The {@code -A} lines of iptables-restore for this chain, each with its hash comment.
     *
     * @param chain the chain's name
     * @param f     the iptables features in use
     * @return the lines
     */
    public List<String> appendLines(String chain, Features f) {
        List<String> hashes = hashes(f);
        List<String> out = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            out.add(line("-A", chain, hashes.get(i), rules.get(i), f));
        }
        return out;
    }

    static String line(String op, String chain, String hash, Rule r, Features f) {
        return op + " " + chain + " -m comment --comment \"cali:" + hash + "\" " + r.render(f);
    }
}
