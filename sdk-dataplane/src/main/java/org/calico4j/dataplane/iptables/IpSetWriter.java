package org.calico4j.dataplane.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.calico4j.model.net.Cidr;

/**
 * Reads Felix's IP sets back ({@code ipset save}) and plans the {@code ipset restore} input that brings
 * them to the desired members: {@code create} for a missing set, {@code add} and {@code del ... -exist}
 * per member, and, after iptables stopped referencing them, {@code destroy} for sets no longer wanted
 * (Felix's order: {@code felix/ipsets/ipsets.go}). Sets of other tools are never named.
 *
 * <pre>{@code
 * String in = IpSetWriter.plan(IpSetWriter.parse(save, 4), IpSetRules.desired(state, 4), 4);
 * }</pre>
 */
public final class IpSetWriter {
    private IpSetWriter() {
    }

    /**
     * The sets of {@code version} Felix owns in {@code ipset save} output, with their members.
     *
     * @param save    {@code ipset save} output
     * @param version 4 or 6
     * @return members by set name
     */
    public static SortedMap<String, SortedSet<Cidr>> parse(String save, int version) {
        SortedMap<String, SortedSet<Cidr>> out = new TreeMap<>();
        for (String line : save.split("\n")) {
            String[] f = line.split(" ");
            if (f.length >= 2 && f[0].equals("create") && IpSetRules.owned(f[1], version)) {
                out.putIfAbsent(f[1], new TreeSet<>());
            } else if (f.length >= 3 && f[0].equals("add") && IpSetRules.owned(f[1], version)) {
                String m = f[2];
                Cidr c = Cidr.parse(m.contains("/") ? m : m + (m.contains(":") ? "/128" : "/32"));
                out.computeIfAbsent(f[1], k -> new TreeSet<>()).add(c);
            }
        }
        return out;
    }

    /**
     * Creates and member changes that take {@code actual} to {@code desired}; empty when they agree.
     *
     * @param actual  the sets as saved
     * @param desired the sets as wanted
     * @param version 4 or 6
     * @return the {@code ipset restore} input
     */
    public static String plan(Map<String, ? extends SortedSet<Cidr>> actual, Map<String, ? extends SortedSet<Cidr>> desired, int version) {
        List<String> lines = new ArrayList<>();
        desired.forEach((name, want) -> {
            SortedSet<Cidr> have = actual.get(name);
            if (have == null) {
                lines.add(IpSetRules.createLine(name, version));
                have = new TreeSet<>();
            }
            for (Cidr c : have) {
                if (!want.contains(c)) {
                    lines.add("del " + name + " " + c + " -exist");
                }
            }
            for (Cidr c : want) {
                if (!have.contains(c)) {
                    lines.add("add " + name + " " + c);
                }
            }
        });
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\nCOMMIT\n";
    }

    /**
     * {@code destroy} for the owned sets in {@code actual} that are not in {@code desired}; empty when none.
     *
     * @param actual  the sets as saved
     * @param desired the sets as wanted
     * @return the {@code ipset restore} input
     */
    public static String deletions(Map<String, ? extends SortedSet<Cidr>> actual, Map<String, ? extends SortedSet<Cidr>> desired) {
        List<String> lines = new ArrayList<>();
        for (String name : actual.keySet()) {
            if (!desired.containsKey(name)) {
                lines.add("destroy " + name);
            }
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\nCOMMIT\n";
    }
}
