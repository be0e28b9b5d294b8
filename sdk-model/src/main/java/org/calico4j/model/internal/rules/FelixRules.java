package org.calico4j.model.internal.rules;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.FelixConfigurationSpec;
import org.calico4j.model.JsonValue;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.Port;

/** FelixConfiguration: the client's {@code setDefaults}, field tags, and {@code validateFelixConfigSpec}. */
final class FelixRules {
    private static final Pattern IFACE_FILTER = Pattern.compile("^[a-zA-Z0-9:._+-]{1,15}$");
    private static final Pattern INTERFACE = Pattern.compile("^[a-zA-Z0-9_.-]{1,15}$");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /** Go field names and tags of fields calico4j carries untyped but Calico's validator checks. */
    private static final Map<String, String[]> EXTRA_TAGS = Map.ofEntries(
            Map.entry("logSeverityScreen", new String[] {"LogSeverityScreen", "logLevel"}),
            Map.entry("logSeverityFile", new String[] {"LogSeverityFile", "logLevel"}),
            Map.entry("logSeveritySys", new String[] {"LogSeveritySys", "logLevel"}),
            Map.entry("bpfLogLevel", new String[] {"BPFLogLevel", "bpfLogLevel"}),
            Map.entry("defaultEndpointToHostAction", new String[] {"DefaultEndpointToHostAction", "dropAcceptReturn"}),
            Map.entry("iptablesFilterAllowAction", new String[] {"IptablesFilterAllowAction", "acceptReturn"}),
            Map.entry("iptablesMangleAllowAction", new String[] {"IptablesMangleAllowAction", "acceptReturn"}),
            Map.entry("iptablesFilterDenyAction", new String[] {"IptablesFilterDenyAction", "dropReject"}),
            Map.entry("nftablesFilterAllowAction", new String[] {"NftablesFilterAllowAction", "acceptReturn"}),
            Map.entry("nftablesMangleAllowAction", new String[] {"NftablesMangleAllowAction", "acceptReturn"}),
            Map.entry("nftablesFilterDenyAction", new String[] {"NftablesFilterDenyAction", "dropReject"}),
            Map.entry("wireguardInterfaceName", new String[] {"WireguardInterfaceName", "interface"}),
            Map.entry("wireguardInterfaceNameV6", new String[] {"WireguardInterfaceNameV6", "interface"}));
    private static final Map<String, Set<String>> TAG_VALUES = Map.of(
            "logLevel", Enums.LOG_LEVEL,
            "bpfLogLevel", Set.of("Debug", "Info", "Off"),
            "dropAcceptReturn", Set.of("Drop", "Accept", "Return"),
            "acceptReturn", Set.of("Accept", "Return"),
            "dropReject", Set.of("Drop", "Reject"));

    private FelixRules() {
    }

    /** {@code clientv3/felixconfig.go setDefaults}, run on every create and update. */
    static FelixConfiguration setDefaults(FelixConfiguration f) {
        FelixConfigurationSpec s = f.spec();
        FelixConfigurationSpec.Builder b = FelixConfigurationSpec.builder().from(s);
        if (s.floatingIPs().isEmpty()) {
            b.floatingIPs("Disabled");
        }
        if (s.bpfConnectTimeLoadBalancing().isEmpty()) {
            b.bpfConnectTimeLoadBalancing("TCP");
        }
        if (s.bpfHostNetworkedNATWithoutCTLB().isEmpty()) {
            b.bpfHostNetworkedNATWithoutCTLB("Enabled");
        }
        s.bpfConnectTimeLoadBalancingEnabled().ifPresent(enabled -> {
            b.bpfHostNetworkedNATWithoutCTLB("Disabled");
            b.bpfConnectTimeLoadBalancing(enabled ? "Enabled" : "Disabled");
        });
        return f.withSpec(b.build());
    }

    static void validate(FelixConfiguration f, Collector c) {
        FelixConfigurationSpec s = f.spec();
        s.natPortRange().ifPresent(p -> PortRules.check(p, c));
        s.bpfPSNATPorts().ifPresent(p -> PortRules.check(p, c));
        s.kubeNodePortRanges().forEach(p -> PortRules.check(p, c));
        s.natOutgoingExclusions().filter(v -> !v.isEmpty() && !Set.of("IPPoolsOnly", "IPPoolsAndHostIPs").contains(v))
                .ifPresent(v -> c.tag("NATOutgoingExclusions", v, "oneof"));
        if (!s.iptablesNATOutgoingInterfaceFilter().isEmpty()
                && !IFACE_FILTER.matcher(s.iptablesNATOutgoingInterfaceFilter()).matches()) {
            c.tag("IptablesNATOutgoingInterfaceFilter", s.iptablesNATOutgoingInterfaceFilter(), "ifaceFilter");
        }
        if (!s.bpfExternalServiceMode().isEmpty() && !Set.of("Tunnel", "DSR").contains(s.bpfExternalServiceMode())) {
            c.tag("BPFExternalServiceMode", s.bpfExternalServiceMode(), "bpfServiceMode");
        }
        s.bpfConnectTimeLoadBalancing().filter(v -> !v.isEmpty() && !Set.of("TCP", "Enabled", "Disabled").contains(v))
                .ifPresent(v -> c.tag("BPFConnectTimeLoadBalancing", v, "oneof"));
        s.bpfHostNetworkedNATWithoutCTLB().filter(v -> !v.isEmpty() && !Set.of("Enabled", "Disabled").contains(v))
                .ifPresent(v -> c.tag("BPFHostNetworkedNATWithoutCTLB", v, "oneof"));
        s.iptablesBackend().filter(v -> !v.isEmpty() && !Set.of("Auto", "NFT", "Legacy").contains(v))
                .ifPresent(v -> c.tag("IptablesBackend", v, "iptablesBackend"));
        s.serviceLoopPrevention().filter(v -> !v.isEmpty() && !Set.of("Drop", "Reject", "Disabled").contains(v))
                .ifPresent(v -> c.tag("ServiceLoopPrevention", v, "oneof"));
        if (!s.bpfDSROptoutCIDRs().stream().allMatch(GoChecks::cidr)) {
            c.tag("BPFDSROptoutCIDRs", Collector.goList(s.bpfDSROptoutCIDRs()), "cidrs");
        }
        extraTags(s.extra(), c);
        structLevel(s, c);
    }

    private static void extraTags(Map<String, JsonValue> extra, Collector c) {
        for (Map.Entry<String, String[]> e : EXTRA_TAGS.entrySet()) {
            JsonValue v = extra.get(e.getKey());
            if (v == null || !v.toJsonNode().isTextual() || v.toJsonNode().textValue().isEmpty()) {
                continue;
            }
            String text = v.toJsonNode().textValue();
            String tag = e.getValue()[1];
            boolean ok = tag.equals("interface") ? INTERFACE.matcher(text).matches() : TAG_VALUES.get(tag).contains(text);
            if (!ok) {
                c.tag(e.getValue()[0], text, tag);
            }
        }
    }

    private static void structLevel(FelixConfigurationSpec s, Collector c) {
        if (s.kubeNodePortRanges().size() > 7) {
            c.add("KubeNodePortRanges", null, "node port ranges list is too long (max 7)");
        }
        for (Port p : s.kubeNodePortRanges()) {
            if (p.isNamed()) {
                c.add("KubeNodePortRanges", p.name(), "node port ranges should not contain named ports");
            }
        }
        for (String cidr : s.externalNodesList()) {
            Optional<Cidr> parsed = Cidr.tryParseCidrOrIp(cidr);
            if (parsed.isEmpty()) {
                c.add("ExternalNodesCIDRList", cidr, "has invalid CIDR(s)");
            } else if (parsed.get().version() != 4) {
                c.add("ExternalNodesCIDRList", cidr, "has invalid IPv6 CIDR");
            }
        }
        JsonValue region = s.extra().get("openstackRegion");
        if (region != null && region.toJsonNode().isTextual()) {
            String r = region.toJsonNode().textValue();
            if (r.length() > 46) {
                c.add("OpenstackRegion", r, "is too long");
            } else if (!r.isEmpty() && !DNS_LABEL.matcher(r).matches()) {
                c.add("OpenstackRegion", r, "must be a valid DNS label");
            }
        }
        if (!s.natOutgoingAddress().isEmpty() && !GoChecks.ipv4(s.natOutgoingAddress())) {
            c.add("NATOutgoingAddress", s.natOutgoingAddress(), "is not a valid IPv4 address");
        }
        if (!s.deviceRouteSourceAddress().isEmpty() && !GoChecks.ipv4(s.deviceRouteSourceAddress())) {
            c.add("DeviceRouteSourceAddress", s.deviceRouteSourceAddress(), "is not a valid IPv4 address");
        }
        if (!s.deviceRouteSourceAddressIPv6().isEmpty() && !GoChecks.ipv6(s.deviceRouteSourceAddressIPv6())) {
            c.add("DeviceRouteSourceAddressIPv6", s.deviceRouteSourceAddressIPv6(), "is not a valid IPv6 address");
        }
        if (s.extra().containsKey("routeTableRange") && s.extra().containsKey("routeTableRanges")) {
            c.add("RouteTableRange", null, "cannot be set when `RouteTableRanges` is also set");
        }
        JsonValue overrides = s.extra().get("healthTimeoutOverrides");
        if (overrides != null) {
            for (JsonNode o : overrides.toJsonNode()) {
                String name = o.path("name").asText("");
                if (!name.matches("^[a-zA-Z0-9_ -]+$")) {
                    c.add("HealthTimeoutOverride.Name", name, "name should match regex ^[a-zA-Z0-9_ -]+$");
                }
            }
        }
    }
}
