package org.calico4j.dataplane.iptables;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * One iptables rule as Felix builds it: match terms in Felix's order and an action, rendered exactly
 * as Felix renders them ({@code felix/iptables/match_builder.go}, {@code actions.go}), so that the
 * {@code cali:} hashes agree. Terms can also be tested against a packet ({@link #matches}), which is
 * how {@code trace} names the rule that decided.
 *
 * <pre>{@code
 * Rule r = new Rule(List.of(new Rule.SetMatch("cali40masq-ipam-pools", true, false)), new Rule.Masquerade(null));
 * r.render(Features.modern());   // -m set --match-set cali40masq-ipam-pools src --jump MASQUERADE --random-fully
 * }</pre>
 *
 * @param match  the terms, all of which must hold
 * @param action what a matching packet gets
 */
public record Rule(List<Term> match, Action action) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param match the terms, all of which must hold
     * @param action what a matching packet gets
     */
    public Rule {
        match = List.copyOf(match);
    }

    /**
     * A rule without match terms.
     *
     * @param action what the rule does
     * @return the rule
     */
    public static Rule always(Action action) {
        return new Rule(List.of(), action);
    }

    /**
     * Match and action as Felix renders them after {@code -A <chain> <hash comment>}.
     *
     * @param f the iptables features in use
     * @return the rule text
     */
    public String render(Features f) {
        List<String> parts = new ArrayList<>(match.size() + 1);
        for (Term t : match) {
            parts.add(t.render());
        }
        parts.add(action.render(f));
        return String.join(" ", parts);
    }

    /**
     * Whether {@code p} meets every term.
     *
     * @param p the packet as the rules see it
     * @return true when it matches
     */
    public boolean matches(PacketView p) {
        for (Term t : match) {
            if (!t.test(p)) {
                return false;
            }
        }
        return true;
    }

    /** {@code --destination <cidr>} ({@code generictables} {@code DestNet}). */
    public record Destination(Cidr cidr) implements Term {
        @Override
        public String render() {
            return "--destination " + cidr;
        }

        @Override
        public boolean test(PacketView p) {
            return cidr.containsAddress(p.destination());
        }
    }

    /** What a rule's terms can ask of a packet leaving the node. */
    public interface PacketView {
        /**
         * IP set membership of the source ({@code src}) or destination address.
         *
         * @param set the set's name
         * @param src the source address (else the destination)
         * @return true when a member contains it
         */
        boolean inSet(String set, boolean src);

        /**
         * {@code tcp}, {@code udp} or {@code icmp}.
         *
         * @return the protocol
         */
        String protocol();

        /**
         * The device the packet leaves by.
         *
         * @return the device name
         */
        String outInterface();

        /**
         * The source is an address of this host.
         *
         * @return true when local
         */
        boolean sourceLocal();

        /**
         * The source is an address of the outgoing device itself.
         *
         * @return true when it is
         */
        boolean sourceOnOutInterface();

        /**
         * {@return the packet's destination address}
         */
        IpAddress destination();
    }

    /** A match term. */
    public sealed interface Term permits SetMatch, Protocol, OutInterface, SourceAddrTypeLocal, Destination {
        /**
         * {@return the match as iptables-restore reads it}
         */
        String render();

        /**
         * Whether {@code p} meets this term.
         *
         * @param p the packet as the rules see it
         * @return true when it does
         */
        boolean test(PacketView p);
    }

    /** {@code -m set [!] --match-set <set> src|dst}. */
    public record SetMatch(String set, boolean source, boolean negated) implements Term {
        @Override
        public String render() {
            return "-m set " + (negated ? "! " : "") + "--match-set " + set + (source ? " src" : " dst");
        }

        @Override
        public boolean test(PacketView p) {
            return p.inSet(set, source) != negated;
        }
    }

    /** {@code -p <name>}. */
    public record Protocol(String name) implements Term {
        @Override
        public String render() {
            return "-p " + name;
        }

        @Override
        public boolean test(PacketView p) {
            return p.protocol().equals(name);
        }
    }

    /** {@code --out-interface <pattern>} (a trailing {@code +} is iptables' wildcard). */
    public record OutInterface(String pattern) implements Term {
        @Override
        public String render() {
            return "--out-interface " + pattern;
        }

        @Override
        public boolean test(PacketView p) {
            return pattern.endsWith("+") ? p.outInterface().startsWith(pattern.substring(0, pattern.length() - 1))
                    : p.outInterface().equals(pattern);
        }
    }

    /**
     * {@code -m addrtype [!] --src-type LOCAL [--limit-iface-out]}: the source is local to the host, or
     * (limited) local to the outgoing device.
     */
    public record SourceAddrTypeLocal(boolean negated, boolean limitIfaceOut) implements Term {
        @Override
        public String render() {
            return "-m addrtype " + (negated ? "! " : "") + "--src-type LOCAL" + (limitIfaceOut ? " --limit-iface-out" : "");
        }

        @Override
        public boolean test(PacketView p) {
            return (limitIfaceOut ? p.sourceOnOutInterface() : p.sourceLocal()) != negated;
        }
    }

    /** What a matching rule does. */
    public sealed interface Action permits Jump, Return, Masquerade, Snat, Drop {
        /**
         * The action as iptables-restore reads it.
         *
         * @param f the iptables features in use
         * @return the action text
         */
        String render(Features f);

        /**
         * Whether the packet's way through the nat table ends here.
         *
         * @return true when terminal
         */
        default boolean terminal() {
            return true;
        }
    }

    /** {@code --jump <chain>}. */
    public record Jump(String chain) implements Action {
        @Override
        public String render(Features f) {
            return "--jump " + chain;
        }

        @Override
        public boolean terminal() {
            return false;
        }
    }

    /** {@code --jump RETURN}. */
    public record Return() implements Action {
        @Override
        public String render(Features f) {
            return "--jump RETURN";
        }
    }

    /** {@code --jump MASQUERADE [--to-ports lo-hi] [--random-fully]}. */
    public record Masquerade(@Nullable String toPorts) implements Action {
        @Override
        public String render(Features f) {
            return "--jump MASQUERADE" + (toPorts == null ? "" : " --to-ports " + toPorts) + (f.masqRandomFully() ? " --random-fully" : "");
        }
    }

    /** {@code --jump SNAT --to-source <addr[:ports]> [--random-fully]}. */
    public record Snat(String toSource) implements Action {
        @Override
        public String render(Features f) {
            return "--jump SNAT --to-source " + toSource + (f.snatRandomFully() ? " --random-fully" : "");
        }
    }

    /** {@code --jump DROP}. */
    public record Drop() implements Action {
        @Override
        public String render(Features f) {
            return "--jump DROP";
        }
    }
}
