package org.calico4j.dataplane.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Plans the {@code iptables-restore --noflush} input that turns the nat table as read back
 * ({@link SavedTable}) into the desired one, touching only Calico's chains and rules, as Felix's
 * {@code felix/iptables/table.go} does: a Calico chain whose hashes differ is rewritten whole
 * (flush and append, as Felix does in nft mode); Calico's hook rules in a kernel chain that are out of
 * place are deleted by value and written again; Calico chains no longer wanted are flushed and then
 * deleted in a second transaction (nft needs them unreferenced first). Other tools' rules are never named.
 *
 * <pre>{@code
 * String payload = NatWriter.plan(SavedTable.parse(save), NatRules.render(state, 4), features, InsertMode.INSERT);
 * if (!payload.isEmpty()) restore(payload);
 * }</pre>
 */
public final class NatWriter {
    /** Chain-name prefixes Felix owns ({@code rule_defs.go}, {@code rulesdefs.go}). */
    private static final List<String> OWNED_PREFIXES = List.of("cali-", "califw-", "calitw-", "califh-", "calith-", "calipi-", "calipo-", "felix-");
    private static final Pattern JUMP_TO_OWNED = Pattern.compile("(^|\\s)(-j|--jump|-g|--goto) (cali|califw|calitw|califh|calith|calipi|calipo|felix)-");

    private NatWriter() {
    }

    static boolean owned(String chain) {
        return OWNED_PREFIXES.stream().anyMatch(chain::startsWith);
    }

    /**
     * The restore input that brings {@code actual} to {@code desired}; empty when they agree.
     *
     * @param actual  the nat table as saved
     * @param desired the nat table as wanted
     * @param f       the iptables features in use
     * @param mode    insert or append the hook rules
     * @return the restore input
     */
    public static String plan(SavedTable actual, NatTable desired, Features f, NatTable.InsertMode mode) {
        List<String> forward = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (Chain c : desired.chains().values()) {
            if (!actual.has(c.name()) || !actual.hashes(c.name()).equals(c.hashes(f))) {
                forward.add(":" + c.name() + " - -");
                body.addAll(c.appendLines(c.name(), f));
            }
        }
        for (String k : desired.kernelChains()) {
            List<SavedTable.SavedRule> rules = actual.rules(k);
            List<String> expected = expectedHashes(desired, k, rules, f, mode);
            List<String> stale = new ArrayList<>();
            for (SavedTable.SavedRule r : rules) {
                if (r.hash() == null && JUMP_TO_OWNED.matcher(r.spec()).find()) {
                    stale.add("-D " + k + " " + r.spec());
                }
            }
            if (!expected.equals(withoutStale(actual.hashes(k), rules)) || !stale.isEmpty()) {
                for (SavedTable.SavedRule r : rules) {
                    if (r.hash() != null) {
                        body.add("-D " + k + " " + r.spec());
                    }
                }
                body.addAll(stale);
                body.addAll(desired.hookLines(k, f, mode));
            }
        }
        List<String> deletions = new ArrayList<>();
        for (String c : actual.chainNames()) {
            if (owned(c) && !desired.chains().containsKey(c)) {
                forward.add(":" + c + " - -");
                deletions.add("--delete-chain " + c);
            }
        }
        return render(desired.table(), forward, body, deletions);
    }

    /**
     * The restore input for a change of Calico's chains only, trusting that the kernel holds {@code before}
     * as written (Felix's cached path between resyncs).
     *
     * @param before  the table programmed last
     * @param desired the table as wanted
     * @param f       the iptables features in use
     * @return the restore input
     */
    public static String planChains(NatTable before, NatTable desired, Features f) {
        List<String> forward = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (Chain c : desired.chains().values()) {
            Chain old = before.chains().get(c.name());
            if (old == null || !old.hashes(f).equals(c.hashes(f))) {
                forward.add(":" + c.name() + " - -");
                body.addAll(c.appendLines(c.name(), f));
            }
        }
        List<String> deletions = new ArrayList<>();
        for (String c : before.chains().keySet()) {
            if (!desired.chains().containsKey(c)) {
                forward.add(":" + c + " - -");
                deletions.add("--delete-chain " + c);
            }
        }
        return render(desired.table(), forward, body, deletions);
    }

    /**
     * The restore input that removes every Calico chain and hook rule from {@code actual}; empty when
     * there are none.
     *
     * @param actual the nat table as saved
     * @return the restore input
     */
    public static String cleanup(SavedTable actual) {
        return cleanup(actual, NatTable.TABLE);
    }

    /**
     * The restore input that removes every Calico chain and hook rule from {@code actual}, a saved
     * {@code table}; empty when there are none.
     *
     * @param actual the table as saved
     * @param table  its name ({@code nat} or {@code filter})
     * @return the restore input
     */
    public static String cleanup(SavedTable actual, String table) {
        List<String> forward = new ArrayList<>();
        List<String> body = new ArrayList<>();
        List<String> deletions = new ArrayList<>();
        for (String c : actual.chainNames()) {
            if (owned(c)) {
                forward.add(":" + c + " - -");
                deletions.add("--delete-chain " + c);
            } else {
                for (SavedTable.SavedRule r : actual.rules(c)) {
                    if (r.hash() != null || JUMP_TO_OWNED.matcher(r.spec()).find()) {
                        body.add("-D " + c + " " + r.spec());
                    }
                }
            }
        }
        return render(table, forward, body, deletions);
    }

    private static String render(String table, List<String> forward, List<String> body, List<String> deletions) {
        if (forward.isEmpty() && body.isEmpty() && deletions.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (!forward.isEmpty() || !body.isEmpty()) {
            sb.append('*').append(table).append('\n');
            forward.forEach(l -> sb.append(l).append('\n'));
            body.forEach(l -> sb.append(l).append('\n'));
            sb.append("COMMIT\n");
        }
        if (!deletions.isEmpty()) {
            sb.append('*').append(table).append('\n');
            deletions.forEach(l -> sb.append(l).append('\n'));
            sb.append("COMMIT\n");
        }
        return sb.toString();
    }

    /** Felix's {@code expectedHashesForInsertAppendChain}: ours first (insert) or after the others (append), appended last. */
    private static List<String> expectedHashes(NatTable desired, String k, List<SavedTable.SavedRule> rules, Features f,
                                               NatTable.InsertMode mode) {
        long others = rules.stream().filter(r -> r.hash() == null && !JUMP_TO_OWNED.matcher(r.spec()).find()).count();
        List<String> out = new ArrayList<>();
        if (mode == NatTable.InsertMode.APPEND) {
            for (long i = 0; i < others; i++) {
                out.add("");
            }
        }
        out.addAll(desired.insertedHashes(k, f));
        if (mode == NatTable.InsertMode.INSERT) {
            for (long i = 0; i < others; i++) {
                out.add("");
            }
        }
        out.addAll(desired.appendedHashes(k, f));
        return out;
    }

    private static List<String> withoutStale(List<String> hashes, List<SavedTable.SavedRule> rules) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            SavedTable.SavedRule r = rules.get(i);
            if (r.hash() == null && JUMP_TO_OWNED.matcher(r.spec()).find()) {
                continue;
            }
            out.add(hashes.get(i));
        }
        return out;
    }
}
