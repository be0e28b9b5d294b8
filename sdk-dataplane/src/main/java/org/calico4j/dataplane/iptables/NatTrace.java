package org.calico4j.dataplane.iptables;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.NodeTables;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.net.IpAddress;

import org.jspecify.annotations.Nullable;

/**
 * Walks a packet through the rendered {@code cali-POSTROUTING} chain (and the chains it jumps to) and
 * names the rule that decided its source NAT, with its position and {@code cali:} hash.
 *
 * <pre>{@code
 * NatTrace.decide(table, features, view).map(NatTrace.Decision::describe);
 * // cali-nat-outgoing rule 1 (cali:W_qq_N2KSTWyCvrX): MASQUERADE
 * }</pre>
 */
public final class NatTrace {
    private NatTrace() {
    }

    /**
     * The rule that ended the packet's walk.
     *
     * @param chain    the chain holding it
     * @param position its 1-based position
     * @param hash     its {@code cali:} hash
     * @param rule     the rule
     * @param text     the rule as iptables-restore gets it
     */
    public record Decision(String chain, int position, String hash, Rule rule, String text) {
        /**
         * {@return whether the packet's source is rewritten (MASQUERADE or SNAT)}
         */
        public boolean nat() {
            return rule.action() instanceof Rule.Masquerade || rule.action() instanceof Rule.Snat;
        }

        /**
         * {@return the rule as {@code trace} names it, e.g. {@code cali-nat-outgoing rule 1 (cali:...):
         * MASQUERADE}}
         */
        public String describe() {
            String what = rule.action() instanceof Rule.Masquerade ? "MASQUERADE"
                    : rule.action() instanceof Rule.Snat s ? "SNAT to " + s.toSource() : "RETURN (not NATed)";
            return chain + " rule " + position + " (cali:" + hash + "): " + what;
        }
    }

    /**
     * The rule of the nat chains Felix would program for {@code dp}'s state that decides {@code packet}'s
     * source, evaluated against {@code dp}'s IP sets, addresses and the route the packet takes.
     *
     * @param dp     the node's in-memory dataplane
     * @param f       the iptables features in use
     * @param packet the packet
     * @return the deciding rule, or empty
     */
    public static Optional<Decision> of(MemoryDataplane dp, Features f, Packet packet) {
        Verdict v = dp.evaluate(packet);
        NatTable t = NatRules.render(dp.state(), packet.src().version());
        return dp.read(tables -> decide(t, f, view(tables, packet, v)));
    }

    /** {@code p} as the nat rules see it, leaving by the verdict's device. */
    static Rule.PacketView view(NodeTables tables, Packet p, Verdict v) {
        String out = v.device() == null ? "" : v.device();
        return new Rule.PacketView() {
            @Override
            public boolean inSet(String set, boolean src) {
                return tables.inSet(set, src ? p.src() : p.dst());
            }

            @Override
            public String protocol() {
                return p.protocol().name().toLowerCase(Locale.ROOT);
            }

            @Override
            public String outInterface() {
                return out;
            }

            @Override
            public boolean sourceLocal() {
                return tables.isLocal(p.src());
            }

            @Override
            public IpAddress destination() {
                return p.dst();
            }

            @Override
            public boolean sourceOnOutInterface() {
                int ver = p.src().version();
                IpAddress own = out.equals("tunl0") ? tables.host().tunnelAddress(Encap.IPIP, ver).orElse(null)
                        : out.startsWith("vxlan") ? tables.host().tunnelAddress(Encap.VXLAN, ver).orElse(null)
                        : tables.host().address(ver).orElse(null);
                return p.src().equals(own);
            }
        };
    }

    /**
     * The deciding rule, or empty when no rule with a NAT or RETURN action matched (the source is kept).
     *
     * @param table the nat table
     * @param f       the iptables features in use
     * @param p     the packet as the rules see it
     * @return the deciding rule, or empty
     */
    public static Optional<Decision> decide(NatTable table, Features f, Rule.PacketView p) {
        return Optional.ofNullable(walk(table, f, p, NatRules.POSTROUTING, 0));
    }

    private static @Nullable Decision walk(NatTable table, Features f, Rule.PacketView p, String chainName, int depth) {
        Chain c = table.chains().get(chainName);
        if (c == null || depth > 8) {
            return null;
        }
        List<String> hashes = c.hashes(f);
        Decision returned = null;
        for (int i = 0; i < c.rules().size(); i++) {
            Rule r = c.rules().get(i);
            if (!r.matches(p)) {
                continue;
            }
            Decision here = new Decision(chainName, i + 1, hashes.get(i), r, Chain.line("-A", chainName, hashes.get(i), r, f));
            if (r.action() instanceof Rule.Jump j) {
                Decision inner = walk(table, f, p, j.chain(), depth + 1);
                if (inner != null && inner.nat()) {
                    return inner;
                }
                // A RETURN inside the jumped-to chain hands the packet back here.
                if (inner != null) {
                    returned = inner;
                }
                continue;
            }
            // RETURN ends this chain's say (the caller's later rules may still NAT); MASQUERADE/SNAT end the walk.
            return here;
        }
        return returned;
    }
}
