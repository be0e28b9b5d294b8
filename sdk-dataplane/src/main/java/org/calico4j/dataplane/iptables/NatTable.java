package org.calico4j.dataplane.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A table Felix wants for one IP version (the nat table; also the filter table's service-loop chains,
 * {@link FilterRules}): its own {@code cali-} chains and the rules it hooks into the kernel's chains,
 * inserted (at the top, or after other rules in {@code append} mode) or always appended
 * ({@code POSTROUTING}, so Calico masquerades after kube-proxy).
 *
 * <pre>{@code
 * NatTable t = NatRules.render(state, 4);
 * String payload = t.restoreInput(Features.modern(), InsertMode.INSERT);   // for iptables-restore --noflush
 * }</pre>
 *
 * @param version  4 or 6
 * @param chains   Calico's chains by name
 * @param inserted rules hooked into kernel chains by {@code InsertOrAppendRules}, by kernel chain
 * @param appended rules always appended to kernel chains, by kernel chain
 * @param table    the table's name ({@code nat} or {@code filter})
 */
public record NatTable(int version, SortedMap<String, Chain> chains, SortedMap<String, List<Rule>> inserted,
                       SortedMap<String, List<Rule>> appended, String table) {
    /** The nat table's name in iptables-restore input. */
    public static final String TABLE = "nat";
    /** The filter table's name in iptables-restore input. */
    public static final String FILTER = "filter";

    /**
     * The canonical constructor.
     *
     * @param version 4 or 6
     * @param chains Calico's chains by name
     * @param inserted rules hooked into kernel chains by {@code InsertOrAppendRules}, by kernel chain
     * @param appended rules always appended to kernel chains, by kernel chain
     * @param table the table's name ({@code nat} or {@code filter})
     */
    public NatTable {
        if (!table.equals(TABLE) && !table.equals(FILTER)) {
            throw new IllegalArgumentException("table: '" + table + "' is not one Calico programs here (nat, filter)");
        }
        chains = new TreeMap<>(chains);
        inserted = copy(inserted);
        appended = copy(appended);
    }

    /**
     * A nat table.
     *
     * @param version 4 or 6
     * @param chains Calico's chains by name
     * @param inserted rules hooked into kernel chains by {@code InsertOrAppendRules}, by kernel chain
     * @param appended rules always appended to kernel chains, by kernel chain
     */
    public NatTable(int version, SortedMap<String, Chain> chains, SortedMap<String, List<Rule>> inserted,
                    SortedMap<String, List<Rule>> appended) {
        this(version, chains, inserted, appended, TABLE);
    }

    private static SortedMap<String, List<Rule>> copy(Map<String, List<Rule>> m) {
        SortedMap<String, List<Rule>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /** Whether chains are hooked in at the top of the kernel chain or after the rules already there. */
    public enum InsertMode {
        /** At the top (Felix's default, {@code ChainInsertMode: insert}). */
        INSERT,
        /** After the rules already there. */
        APPEND
    }

    /**
     * The hashes of the rules Felix inserts into {@code kernelChain} (hashed over the chain's name).
     *
     * @param kernelChain e.g. {@code POSTROUTING}
     * @param f       the iptables features in use
     * @return the hashes
     */
    public List<String> insertedHashes(String kernelChain, Features f) {
        return new Chain(kernelChain, inserted.getOrDefault(kernelChain, List.of())).hashes(f);
    }

    /**
     * The hashes of the rules Felix appends to {@code kernelChain} (hashed over {@code <chain>*appends*}).
     *
     * @param kernelChain e.g. {@code POSTROUTING}
     * @param f       the iptables features in use
     * @return the hashes
     */
    public List<String> appendedHashes(String kernelChain, Features f) {
        return new Chain(kernelChain + "*appends*", appended.getOrDefault(kernelChain, List.of())).hashes(f);
    }

    /**
     * {@return the kernel chains this table hooks into}
     */
    public List<String> kernelChains() {
        List<String> out = new ArrayList<>(inserted.keySet());
        appended.keySet().stream().filter(c -> !inserted.containsKey(c)).forEach(out::add);
        return out;
    }

    /**
     * The iptables-restore input that programs this table on a node without Calico rules.
     *
     * @param f    the iptables features in use
     * @param mode insert or append the hook rules
     * @return the input
     */
    public String restoreInput(Features f, InsertMode mode) {
        StringBuilder sb = new StringBuilder("*").append(table).append('\n');
        for (String name : chains.keySet()) {
            sb.append(':').append(name).append(" - -\n");
        }
        for (Chain c : chains.values()) {
            for (String line : c.appendLines(c.name(), f)) {
                sb.append(line).append('\n');
            }
        }
        for (String k : kernelChains()) {
            for (String line : hookLines(k, f, mode)) {
                sb.append(line).append('\n');
            }
        }
        return sb.append("COMMIT\n").toString();
    }

    /** The lines that add Calico's hook rules to {@code kernelChain} (inserts in reverse, so they end up in order). */
    List<String> hookLines(String kernelChain, Features f, InsertMode mode) {
        List<String> out = new ArrayList<>();
        List<Rule> ins = inserted.getOrDefault(kernelChain, List.of());
        List<String> insHashes = insertedHashes(kernelChain, f);
        if (mode == InsertMode.INSERT) {
            for (int i = ins.size() - 1; i >= 0; i--) {
                out.add(Chain.line("-I", kernelChain, insHashes.get(i), ins.get(i), f));
            }
        } else {
            for (int i = 0; i < ins.size(); i++) {
                out.add(Chain.line("-A", kernelChain, insHashes.get(i), ins.get(i), f));
            }
        }
        List<Rule> app = appended.getOrDefault(kernelChain, List.of());
        List<String> appHashes = appendedHashes(kernelChain, f);
        for (int i = 0; i < app.size(); i++) {
            out.add(Chain.line("-A", kernelChain, appHashes.get(i), app.get(i), f));
        }
        return out;
    }
}
