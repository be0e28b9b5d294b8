package org.calico4j.model.internal.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.Community;
import org.calico4j.model.PrefixAdvertisement;
import org.calico4j.model.ServiceIpBlock;

/** BGPConfiguration: field tags, {@code validateBGPConfigurationSpec}, and the client's default-only fields. */
final class BgpConfigurationRules {
    private static final Pattern STANDARD = Pattern.compile("^(\\d+):(\\d+)$");
    private static final Pattern LARGE = Pattern.compile("^(\\d+):(\\d+):(\\d+)$");
    private static final Pattern IGNORED_INTERFACE = Pattern.compile("^[a-zA-Z0-9_.*-]{1,15}$");

    private BgpConfigurationRules() {
    }

    static void validate(BgpConfiguration config, Collector c) {
        BgpConfigurationSpec s = config.spec();
        if (!s.logSeverityScreen().isEmpty() && !Enums.LOG_LEVEL.contains(s.logSeverityScreen())) {
            c.tag("LogSeverityScreen", s.logSeverityScreen(), "logLevel");
        }
        blocks(s.serviceLoadBalancerIPs(), c);
        blocks(s.serviceExternalIPs(), c);
        blocks(s.serviceClusterIPs(), c);
        for (Community com : s.communities()) {
            if (com.name().isEmpty()) {
                c.tag("Name", "", "required");
            } else if (!GoChecks.name(com.name())) {
                c.tag("Name", com.name(), "name");
            }
            if (com.value().isEmpty()) {
                c.tag("Value", "", "required");
            }
        }
        for (PrefixAdvertisement p : s.prefixAdvertisements()) {
            if (p.cidr().isEmpty()) {
                c.tag("CIDR", "", "required");
            } else if (!GoChecks.net(p.cidr())) {
                c.tag("CIDR", p.cidr(), "net");
            }
            if (p.communities().isEmpty()) {
                c.tag("Communities", "[]", "required");
            }
        }
        for (int i = 0; i < s.ignoredInterfaces().size(); i++) {
            String iface = s.ignoredInterfaces().get(i);
            if (iface.equals("*") || !IGNORED_INTERFACE.matcher(iface).matches()) {
                c.tag("IgnoredInterfaces[" + i + "]", iface, "ignoredInterface");
            }
        }
        if (!s.localWorkloadPeeringIPV4().isEmpty() && !GoChecks.ipv4(s.localWorkloadPeeringIPV4())) {
            c.tag("LocalWorkloadPeeringIPV4", s.localWorkloadPeeringIPV4(), "ipv4");
        }
        if (!s.localWorkloadPeeringIPV6().isEmpty() && !GoChecks.ipv6(s.localWorkloadPeeringIPV6())) {
            c.tag("LocalWorkloadPeeringIPV6", s.localWorkloadPeeringIPV6(), "ipv6");
        }
        s.ipv4NormalRoutePriority().ifPresent(p -> priority("IPv4NormalRoutePriority", p, c));
        s.ipv6NormalRoutePriority().ifPresent(p -> priority("IPv6NormalRoutePriority", p, c));
        structLevel(s, c);
    }

    private static void priority(String field, int p, Collector c) {
        if (p < 1) {
            c.tag(field, Integer.toString(p), "gte");
        } else if (p > 2147483646) {
            c.tag(field, Integer.toString(p), "lte");
        }
    }

    private static void blocks(List<ServiceIpBlock> blocks, Collector c) {
        for (ServiceIpBlock b : blocks) {
            if (!b.cidr().isEmpty() && !GoChecks.net(b.cidr())) {
                c.tag("CIDR", b.cidr(), "net");
            }
        }
    }

    private static void structLevel(BgpConfigurationSpec s, Collector c) {
        Set<String> defined = new HashSet<>();
        for (Community com : s.communities()) {
            if (!isCommunity(com.value(), "Spec.Communities[].Value", c)) {
                c.add("Spec.Communities[].Value", com.value(), "invalid community value or format used.");
            }
            defined.add(com.name());
        }
        if (!s.communities().isEmpty() && s.prefixAdvertisements().isEmpty()) {
            c.add("Spec.Communities[]", null, "communities are defined but not used in Spec.PrefixAdvertisement[].");
        }
        for (PrefixAdvertisement p : s.prefixAdvertisements()) {
            if (!GoChecks.cidr(p.cidr())) {
                c.add("Spec.PrefixAdvertisement[].CIDR", p.cidr(), "invalid CIDR value.");
            }
            for (String v : p.communities()) {
                if (!isCommunity(v, "Spec.PrefixAdvertisement[].Communities[]", c) && !defined.contains(v)) {
                    c.add("Spec.PrefixAdvertisement[].Communities[]", v, "community used is invalid or not defined.");
                }
            }
        }
        boolean meshOff = s.nodeToNodeMeshEnabled().map(b -> !b).orElse(false);
        if (meshOff && s.nodeMeshPassword().isPresent()) {
            c.add("Spec.NodeMeshPassword", null, "spec.NodeMeshPassword cannot be set if spec.NodeToNodeMesh is disabled");
        }
        if (meshOff && s.nodeMeshMaxRestartTime().isPresent()) {
            c.add("Spec.NodeMeshMaxRestartTime", null,
                    "spec.NodeMeshMaxRestartTime cannot be set if spec.NodeToNodeMesh is disabled");
        }
    }

    /**
     * True when {@code v} has a community's shape; a part too wide for its kind is reported
     * but the value still counts as a community, as in Calico.
     */
    private static boolean isCommunity(String v, String field, Collector c) {
        Matcher m = STANDARD.matcher(v);
        int bits = 16;
        if (!m.matches()) {
            m = LARGE.matcher(v);
            bits = 32;
            if (!m.matches()) {
                return false;
            }
        }
        long max = bits == 16 ? 0xFFFFL : 0xFFFF_FFFFL;
        for (int g = 1; g <= m.groupCount(); g++) {
            String part = m.group(g);
            if (part.length() > 10 || Long.parseLong(part) > max) {
                c.add(field, v, "invalid community value, expected " + bits + " bit value");
            }
        }
        return true;
    }

    /** The client's rule: only {@code default} may set cluster-wide fields (checked after validation). */
    static void defaultOnlyFields(BgpConfiguration config, Collector c) {
        if (config.name().equals("default")) {
            return;
        }
        BgpConfigurationSpec s = config.spec();
        if (s.nodeToNodeMeshEnabled().isPresent()) {
            c.add("BGPConfiguration.Spec.NodeToNodeMeshEnabled", null,
                    "Cannot set nodeToNodeMeshEnabled on a non default BGP Configuration.");
        }
        if (s.asNumber().isPresent()) {
            c.add("BGPConfiguration.Spec.ASNumber", null, "Cannot set ASNumber on a non default BGP Configuration.");
        }
        if (!s.serviceLoadBalancerIPs().isEmpty()) {
            c.add("BGPConfiguration.Spec.ServiceLoadBalancerIPs", null,
                    "Cannot set ServiceLoadBalancerIPs on a non default BGP Configuration.");
        }
        if (!s.serviceExternalIPs().isEmpty()) {
            c.add("BGPConfiguration.Spec.ServiceExternalIPs", null,
                    "Cannot set ServiceExternalIPs on a non default BGP Configuration.");
        }
        if (!s.serviceClusterIPs().isEmpty()) {
            c.add("BGPConfiguration.Spec.ServiceClusterIPs", null,
                    "Cannot set ServiceClusterIPs on a non default BGP Configuration.");
        }
        if (s.nodeMeshPassword().isPresent()) {
            c.add("BGPConfiguration.Spec.NodeMeshPassword", null,
                    "Cannot set nodeMeshPassword on a non default BGP Configuration.");
        }
        if (s.nodeMeshMaxRestartTime().isPresent()) {
            c.add("BGPConfiguration.Spec.NodeMeshMaxRestartTime", null,
                    "Cannot set nodeMeshMaxRestartTime on a non default BGP Configuration.");
        }
    }
}
