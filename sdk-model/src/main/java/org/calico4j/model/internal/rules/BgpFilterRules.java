package org.calico4j.model.internal.rules;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.calico4j.model.BgpFilter;
import org.calico4j.model.BgpFilterRule;
import org.calico4j.model.net.Cidr;

/** BGPFilter: the field tags of each rule ({@code netv4}/{@code netv6}, operators, actions, prefix lengths). */
final class BgpFilterRules {
    private static final Pattern IFACE = Pattern.compile("^[a-zA-Z0-9_.*-]{1,15}$");
    private static final Set<String> OPERATORS = Set.of("Equal", "In", "NotEqual", "NotIn");
    private static final Set<String> ACTIONS = Set.of("Accept", "Reject");

    private BgpFilterRules() {
    }

    static void validate(BgpFilter f, Collector c) {
        rules(f.spec().exportV4(), 4, c);
        rules(f.spec().importV4(), 4, c);
        rules(f.spec().exportV6(), 6, c);
        rules(f.spec().importV6(), 6, c);
    }

    private static void rules(List<BgpFilterRule> rules, int family, Collector c) {
        for (BgpFilterRule r : rules) {
            if (!r.cidr().isEmpty() && !Cidr.tryParseCidrOrIp(r.cidr())
                    .map(x -> x.version() == family && x.isStrictlyMasked()).orElse(false)) {
                c.tag("CIDR", r.cidr(), family == 4 ? "netv4" : "netv6");
            }
            if (!r.source().isEmpty() && !r.source().equals("RemotePeers")) {
                c.tag("Source", r.source(), "oneof");
            }
            if (!r.iface().isEmpty() && !r.iface().equals("*") && !IFACE.matcher(r.iface()).matches()) {
                c.tag("Interface", r.iface(), "bgpFilterInterface");
            }
            if (!r.matchOperator().isEmpty() && !OPERATORS.contains(r.matchOperator())) {
                c.tag("MatchOperator", r.matchOperator(), "matchOperator");
            }
            if (r.action().isEmpty()) {
                c.tag("Action", "", "required");
            } else if (!ACTIONS.contains(r.action())) {
                c.tag("Action", r.action(), "filterAction");
            }
            int max = family == 4 ? 32 : 128;
            String tag = family == 4 ? "bgpFilterPrefixLengthV4" : "bgpFilterPrefixLengthV6";
            r.prefixLength().ifPresent(p -> {
                p.min().filter(v -> v < 0 || v > max).ifPresent(v -> c.tag("Min", Integer.toString(v), tag));
                p.max().filter(v -> v < 0 || v > max).ifPresent(v -> c.tag("Max", Integer.toString(v), tag));
            });
        }
    }
}
