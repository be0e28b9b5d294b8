package org.calico4j.model.internal.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.calico4j.model.EndpointPort;
import org.calico4j.model.HostEndpoint;
import org.calico4j.model.HostEndpointSpec;
import org.calico4j.model.IpNat;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.WorkloadEndpointPort;
import org.calico4j.model.WorkloadEndpointSpec;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;

/**
 * WorkloadEndpoint and HostEndpoint: the client's name rule and labels (clientv3/workloadendpoint.go),
 * the struct tags and struct validators of validator.go.
 */
final class EndpointRules {
    private static final Pattern CONTAINER_ID = Pattern.compile("[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?");
    private static final Pattern INTERFACE = Pattern.compile("[a-zA-Z0-9_.-]{1,15}");
    private static final Pattern PROTOCOL_NAME = Pattern.compile("TCP|UDP|ICMP|ICMPv6|SCTP|UDPLite");
    static final String LABEL_NAMESPACE = "projectcalico.org/namespace";
    static final String LABEL_ORCHESTRATOR = "projectcalico.org/orchestrator";

    private EndpointRules() {
    }

    /**
     * calicoctl's default namespace, then the client's name rule: the name is derived from the spec and
     * filled in when empty; a different name is refused. Empty when the name could not be settled.
     */
    static Optional<WorkloadEndpoint> assignName(WorkloadEndpoint w, Collector c) {
        WorkloadEndpointSpec s = w.spec();
        String third;
        String thirdField;
        switch (s.orchestrator()) {
            case "k8s":
                third = s.pod();
                thirdField = "pod";
                break;
            case "cni":
                third = s.containerID();
                thirdField = "containerID";
                break;
            case "libnetwork":
                third = "libnetwork";
                thirdField = "orchestrator";
                break;
            default:
                third = s.workload();
                thirdField = "workload";
        }
        if (s.node().isEmpty()) {
            c.add("node", null, "field should be assigned");
            return Optional.empty();
        }
        String[][] parts = {{"node", s.node()}, {"orchestrator", s.orchestrator()}, {thirdField, third}, {"endpoint", s.endpoint()}};
        for (String[] p : parts) {
            if (p[1].isEmpty()) {
                c.add(p[0], "", "field should be assigned");
                return Optional.empty();
            }
            if (p[1].startsWith("-")) {
                c.add(p[0], p[1], "field must not begin with a '-'");
                return Optional.empty();
            }
            if (p[1].endsWith("-")) {
                c.add(p[0], p[1], "field must not end with a '-'");
                return Optional.empty();
            }
        }
        String expected = WorkloadEndpoint.nameFor(s);
        ObjectMeta m = w.metadata();
        if (!m.name().isEmpty() && !m.name().equals(expected)) {
            c.add("Name", m.name(), "the WorkloadEndpoint name does not match the primary identifiers assigned in the Spec:"
                    + " expected name " + expected);
            return Optional.empty();
        }
        String ns = m.namespace().isEmpty() ? "default" : m.namespace();
        return Optional.of(w.withMetadata(ObjectMeta.builder().from(m).name(expected).namespace(ns).build()));
    }

    /** The labels the client writes on every create and update (after validation). */
    static WorkloadEndpoint withStorageLabels(WorkloadEndpoint w) {
        ObjectMeta m = w.metadata();
        return w.withMetadata(ObjectMeta.builder().from(m).putLabels(LABEL_NAMESPACE, m.namespace())
                .putLabels(LABEL_ORCHESTRATOR, w.spec().orchestrator()).build());
    }

    static void validate(WorkloadEndpoint w, Collector c) {
        WorkloadEndpointSpec s = w.spec();
        name(c, "Orchestrator", s.orchestrator());
        name(c, "Workload", s.workload());
        name(c, "Node", s.node());
        if (!s.containerID().isEmpty() && !CONTAINER_ID.matcher(s.containerID()).matches()) {
            c.tag("ContainerID", s.containerID(), "containerID");
        }
        name(c, "Pod", s.pod());
        name(c, "Endpoint", s.endpoint());
        name(c, "ServiceAccountName", s.serviceAccountName());
        for (int i = 0; i < s.ipNetworks().size(); i++) {
            if (!GoChecks.net(s.ipNetworks().get(i))) {
                c.tag("IPNetworks[" + i + "]", s.ipNetworks().get(i), "net");
            }
        }
        for (IpNat n : s.ipNATs()) {
            if (!n.internalIP().isEmpty() && !GoChecks.ip(n.internalIP())) {
                c.tag("InternalIP", n.internalIP(), "ip");
            }
            if (!n.externalIP().isEmpty() && !GoChecks.ip(n.externalIP())) {
                c.tag("ExternalIP", n.externalIP(), "ip");
            }
            natPair(n, c);
        }
        if (!s.ipv4Gateway().isEmpty() && !GoChecks.ipv4(s.ipv4Gateway())) {
            c.tag("IPv4Gateway", s.ipv4Gateway(), "ipv4");
        }
        if (!s.ipv6Gateway().isEmpty() && !GoChecks.ipv6(s.ipv6Gateway())) {
            c.tag("IPv6Gateway", s.ipv6Gateway(), "ipv6");
        }
        for (int i = 0; i < s.profiles().size(); i++) {
            if (!GoChecks.name(s.profiles().get(i))) {
                c.tag("Profiles[" + i + "]", s.profiles().get(i), "name");
            }
        }
        iface(c, s.interfaceName(), true);
        if (!s.mac().isEmpty() && !GoChecks.mac(s.mac())) {
            c.tag("MAC", s.mac(), "mac");
        }
        for (WorkloadEndpointPort p : s.ports()) {
            if (!p.name().isEmpty() && !portName(p.name())) {
                c.tag("Name", p.name(), "portName");
            }
            protocol(c, p.protocol());
            if (p.port() <= 0) {
                c.tag("Port", Integer.toString(p.port()), "gt");
            }
            if (!p.hostIP().isEmpty() && !GoChecks.net(p.hostIP())) {
                c.tag("HostIP", p.hostIP(), "net");
            }
            if (!supportsPorts(p.protocol())) {
                c.add("WorkloadEndpointPort.Protocol", p.protocol(), "WorkloadEndpointPort protocol does not support ports.");
            }
            if (p.name().isEmpty() && p.hostPort() == 0) {
                c.add("WorkloadEndpointPort.Name", "", "WorkloadEndpointPort name must not be empty if no HostPort is specified");
            }
        }
        for (int i = 0; i < s.allowSpoofedSourcePrefixes().size(); i++) {
            if (!GoChecks.cidr(s.allowSpoofedSourcePrefixes().get(i))) {
                c.tag("AllowSpoofedSourcePrefixes[" + i + "]", s.allowSpoofedSourcePrefixes().get(i), "cidr");
            }
        }
        spec(s, c);
    }

    /** validateWorkloadEndpointSpec: single-address networks, gateway families, NATs inside the networks. */
    private static void spec(WorkloadEndpointSpec s, Collector c) {
        List<Cidr> nets = new ArrayList<>();
        for (String n : s.ipNetworks()) {
            Optional<Cidr> cidr = Cidr.tryParseCidrOrIp(n);
            if (cidr.isEmpty()) {
                c.add("IPNetworks", n, "invalid CIDR");
                continue;
            }
            nets.add(cidr.get());
        }
        for (Cidr n : nets) {
            if (n.prefixLength() != n.address().bitLength()) {
                c.add("IPNetworks", Collector.goList(s.ipNetworks()), "IP network contains multiple addresses");
                break;
            }
        }
        gateway(c, "IPv4Gateway", s.ipv4Gateway(), 4);
        gateway(c, "IPv6Gateway", s.ipv6Gateway(), 6);
        for (IpNat n : s.ipNATs()) {
            Optional<IpAddress> in = IpAddress.tryParse(n.internalIP());
            if (in.isEmpty()) {
                c.add("IPNATs", n.internalIP(), "invalid InternalIP CIDR");
                break;
            }
            if (nets.stream().noneMatch(x -> x.containsAddress(in.get()))) {
                c.add("IPNATs", natList(s.ipNATs()), "NAT is not in the endpoint networks");
                break;
            }
        }
    }

    private static String natList(List<IpNat> nats) {
        List<String> out = new ArrayList<>();
        nats.forEach(n -> out.add("{" + n.internalIP() + " " + n.externalIP() + "}"));
        return Collector.goList(out);
    }

    private static void natPair(IpNat n, Collector c) {
        Optional<IpAddress> in = IpAddress.tryParse(n.internalIP());
        Optional<IpAddress> ex = IpAddress.tryParse(n.externalIP());
        if (in.isEmpty() || ex.isEmpty()) {
            c.add("InternalIP", n.externalIP(), "invalid IP address");
        } else if (in.get().version() != ex.get().version()) {
            c.add("ExternalIP", n.externalIP(), "mismatched IP versions");
        }
    }

    private static void gateway(Collector c, String field, String value, int version) {
        if (value.isEmpty()) {
            return;
        }
        Optional<IpAddress> a = IpAddress.tryParse(value);
        if (a.isEmpty()) {
            c.add(field, value, "invalid CIDR");
        } else if (a.get().version() != version) {
            c.add(field, value, "invalid IPv" + version + " gateway address specified");
        }
    }

    static void validate(HostEndpoint h, Collector c) {
        HostEndpointSpec s = h.spec();
        name(c, "Node", s.node());
        iface(c, s.interfaceName(), false);
        for (int i = 0; i < s.expectedIPs().size(); i++) {
            if (!GoChecks.ip(s.expectedIPs().get(i))) {
                c.tag("ExpectedIPs[" + i + "]", s.expectedIPs().get(i), "ip");
            }
        }
        for (int i = 0; i < s.profiles().size(); i++) {
            if (!GoChecks.name(s.profiles().get(i))) {
                c.tag("Profiles[" + i + "]", s.profiles().get(i), "name");
            }
        }
        for (EndpointPort p : s.ports()) {
            if (!portName(p.name())) {
                c.tag("Name", p.name(), "portName");
            }
            protocol(c, p.protocol());
            if (p.port() <= 0) {
                c.tag("Port", Integer.toString(p.port()), "gt");
            }
            if (!supportsPorts(p.protocol())) {
                c.add("EndpointPort.Protocol", p.protocol(), "EndpointPort protocol does not support ports.");
            }
        }
        if (s.interfaceName().isEmpty() && s.expectedIPs().isEmpty()) {
            c.add("InterfaceName", "", "no interface or expected IPs have been specified");
        }
        if (s.node().isEmpty()) {
            c.add("InterfaceName", s.node(), "no node has been specified");
        }
    }

    private static void name(Collector c, String field, String value) {
        if (!value.isEmpty() && !GoChecks.name(value)) {
            c.tag(field, value, "name");
        }
    }

    private static void iface(Collector c, String value, boolean required) {
        if (value.isEmpty() && !required) {
            return;
        }
        if (!value.equals("*") && !INTERFACE.matcher(value).matches()) {
            c.tag("InterfaceName", value, "interface");
        }
    }

    private static void protocol(Collector c, String p) {
        if (p.isEmpty()) {
            return;
        }
        if (p.chars().allMatch(Character::isDigit)) {
            if (Integer.parseInt(p) == 0) {
                c.add("Protocol", p, "protocol number invalid");
            }
        } else if (!PROTOCOL_NAME.matcher(p).matches()) {
            c.add("Protocol", p, "protocol name invalid");
        }
    }

    private static boolean supportsPorts(String p) {
        return List.of("6", "17", "132", "TCP", "UDP", "SCTP", "tcp", "udp", "sctp").contains(p);
    }

    /** k8s IsValidPortName (IANA_SVC_NAME). */
    private static boolean portName(String n) {
        return !n.isEmpty() && n.length() <= 15 && n.matches("[a-z0-9-]+") && n.matches(".*[a-z].*") && !n.startsWith("-")
                && !n.endsWith("-") && !n.contains("--");
    }
}
