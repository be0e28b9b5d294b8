package org.calico4j.model.internal.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.net.IpAddress;
import org.calico4j.model.validation.ValidationContext;

/** BGPPeer: field tags, {@code validateBGPPeerSpec}, and the client's BGPFilter existence check. */
final class BgpPeerRules {
    private static final Pattern V4_PORT = Pattern.compile("^(\\d+).(\\d+).(\\d+).(\\d+):(\\d+)$");
    private static final Pattern V6_PORT = Pattern.compile("^\\[[0-9a-fA-F:.]+\\]:(\\d+)$");

    private BgpPeerRules() {
    }

    static void validate(BgpPeer peer, Collector c) {
        BgpPeerSpec s = peer.spec();
        if (!s.node().isEmpty() && !GoChecks.name(s.node())) {
            c.tag("Node", s.node(), "name");
        }
        if (!s.nodeSelector().isEmpty() && !GoChecks.selector(s.nodeSelector())) {
            c.tag("NodeSelector", s.nodeSelector(), "selector");
        }
        if (!s.peerIP().isEmpty() && hostOf(s.peerIP()).isEmpty()) {
            c.tag("PeerIP", s.peerIP(), "IP:port");
        }
        if (!s.peerSelector().isEmpty() && !GoChecks.selector(s.peerSelector())) {
            c.tag("PeerSelector", s.peerSelector(), "selector");
        }
        if (!s.sourceAddress().isEmpty() && !Enums.SOURCE_ADDRESS.contains(s.sourceAddress())) {
            c.tag("SourceAddress", s.sourceAddress(), "sourceAddress");
        }
        for (int i = 0; i < s.filters().size(); i++) {
            if (!GoChecks.name(s.filters().get(i))) {
                c.tag("Filters[" + i + "]", s.filters().get(i), "name");
            }
        }
        if (!s.reachableBy().isEmpty() && !GoChecks.ip(s.reachableBy())) {
            c.tag("ReachableBy", s.reachableBy(), "reachableBy");
        }
        if (!s.localWorkloadSelector().isEmpty() && !GoChecks.selector(s.localWorkloadSelector())) {
            c.tag("LocalWorkloadSelector", s.localWorkloadSelector(), "selector");
        }
        structLevel(s, c);
    }

    private static void structLevel(BgpPeerSpec s, Collector c) {
        if (!s.node().isEmpty() && !s.nodeSelector().isEmpty()) {
            c.add("Node", s.node(), "Node field must be empty when NodeSelector is specified");
        }
        if (!s.peerIP().isEmpty() && !s.peerSelector().isEmpty()) {
            c.add("PeerIP", s.peerIP(), "PeerIP field must be empty when PeerSelector is specified");
        }
        long as = s.asNumber().map(a -> a.value()).orElse(0L);
        if (as != 0 && !s.peerSelector().isEmpty()) {
            c.add("ASNumber", Long.toString(as), "ASNumber field must be empty when PeerSelector is specified");
        }
        if (as == 0 && !s.localWorkloadSelector().isEmpty()) {
            c.add("ASNumber", "0", "ASNumber field must NOT be empty when LocalWorkloadSelector is specified");
        }
        if (!s.peerIP().isEmpty() && !s.localWorkloadSelector().isEmpty()) {
            c.add("PeerIP", s.peerIP(), "PeerIP field must be empty when LocalWorkloadSelector is specified");
        }
        if (!s.peerSelector().isEmpty() && !s.localWorkloadSelector().isEmpty()) {
            c.add("PeerSelector", s.peerIP(), "PeerSelector field must be empty when LocalWorkloadSelector is specified");
        }
        reachableBy(s, c);
        if (s.keepOriginalNextHop() && s.nextHopMode().isPresent()) {
            c.add("KeepOriginalNextHop", "true", "The KeepOriginalNextHop field is deprecated. It must not be set to"
                    + " true when NextHopMode is configured.");
        }
    }

    private static void reachableBy(BgpPeerSpec s, Collector c) {
        String rb = s.reachableBy();
        if (rb.isEmpty()) {
            return;
        }
        if (s.peerIP().isEmpty()) {
            c.add("ReachableBy", rb, "ReachablyBy field must be empty when PeerIP is empty");
            return;
        }
        Optional<IpAddress> reach = IpAddress.tryParse(rb);
        if (reach.isEmpty()) {
            c.add("ReachableBy", rb, "ReachableBy is invalid address");
            return;
        }
        Optional<String> host = hostOf(s.peerIP());
        if (host.isEmpty()) {
            c.add("PeerIP", s.peerIP(), "PeerIP is invalid address");
            return;
        }
        Optional<IpAddress> peer = IpAddress.tryParse(host.get());
        if (peer.isEmpty()) {
            c.add("PeerIP", s.peerIP(), "PeerIP is invalid IP address");
            return;
        }
        if (peer.get().version() != reach.get().version()) {
            c.add("ReachableBy", rb, "ReachableBy and PeerIP address family mismatched");
        }
    }

    /** Calico's {@code processIPPort}: the IP part of {@code IP}, {@code IPv4:port} or {@code [IPv6]:port}. */
    static Optional<String> hostOf(String ipPort) {
        if (ipPort.isEmpty()) {
            return Optional.empty();
        }
        String host = ipPort;
        if (V4_PORT.matcher(ipPort).matches() || V6_PORT.matcher(ipPort).matches()) {
            int colon = ipPort.lastIndexOf(':');
            host = ipPort.substring(0, colon);
            if (host.startsWith("[")) {
                if (!host.endsWith("]")) {
                    return Optional.empty();
                }
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                return Optional.empty();
            }
            String port = ipPort.substring(colon + 1);
            if (port.length() > 5 || Integer.parseInt(port) > 65535 || Integer.parseInt(port) < 1) {
                return Optional.empty();
            }
        }
        return IpAddress.isValid(host) ? Optional.of(host) : Optional.empty();
    }

    /** The client's check that every referenced BGPFilter exists. */
    static void filtersExist(BgpPeer peer, ValidationContext ctx, Collector c) {
        List<String> missing = new ArrayList<>();
        for (String f : peer.spec().filters()) {
            if (!ctx.bgpFilterExists(f)) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            c.add("BGPPeer.Spec.Filters", Collector.goList(missing), "BGPFilter(s) not found");
        }
    }
}
