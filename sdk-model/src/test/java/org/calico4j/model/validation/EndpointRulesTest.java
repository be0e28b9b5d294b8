package org.calico4j.model.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.calico4j.model.Kind;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.manifest.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** WorkloadEndpoint and HostEndpoint: Calico's name rule, labels, struct tags and struct validators. */
class EndpointRulesTest {
    private static final String WEP = "orchestrator: k8s, node: node1, pod: my-pod, endpoint: eth0, interfaceName: cali1";

    private static String run(String kind, String meta, String spec) {
        String manifest = "apiVersion: projectcalico.org/v3\nkind: " + kind + "\nmetadata: " + meta + "\nspec: " + spec + "\n";
        ManifestValidation.Report r = ManifestValidation.run(manifest, "case", Validator.standard());
        return r.isValid() ? "ACCEPT" : String.join("\n", r.errors());
    }

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            WorkloadEndpoint | {namespace: ns}                                | {WEP}                                   | ACCEPT
            WorkloadEndpoint | {name: node1-k8s-my--pod-eth0}                 | {WEP}                                   | ACCEPT
            WorkloadEndpoint | {name: wrong}                                  | {WEP}                                   | Name = 'wrong' (the WorkloadEndpoint name does not match the primary identifiers assigned in the Spec: expected name node1-k8s-my--pod-eth0)
            WorkloadEndpoint | {}                                             | {orchestrator: k8s, pod: p, endpoint: e} | error with field node (field should be assigned)
            WorkloadEndpoint | {}                                             | {node: n, pod: p, endpoint: e}           | error with field orchestrator = '' (field should be assigned)
            WorkloadEndpoint | {}                                             | {orchestrator: k8s, node: n, endpoint: e} | error with field pod = '' (field should be assigned)
            WorkloadEndpoint | {}                                             | {orchestrator: k8s, node: n, pod: -p, endpoint: e} | pod = '-p' (field must not begin with a '-')
            WorkloadEndpoint | {}                                             | {WEP, ipNetworks: [10.244.1.5/32, 'fd00::5']} | ACCEPT
            WorkloadEndpoint | {}                                             | {WEP, ipNetworks: [10.244.1.0/26]}       | IPNetworks = '[10.244.1.0/26]' (IP network contains multiple addresses)
            WorkloadEndpoint | {}                                             | {WEP, ipNetworks: [10.244.1.1/26]}       | because of Tag: net
            WorkloadEndpoint | {}                                             | {orchestrator: k8s, node: n, pod: p, endpoint: e} | InterfaceName = '' (Reason: failed to validate Field: InterfaceName because of Tag: interface )
            WorkloadEndpoint | {}                                             | {orchestrator: k8s, node: n, pod: p, endpoint: e, interfaceName: a-very-long-interface} | because of Tag: interface
            WorkloadEndpoint | {}                                             | {WEP, mac: 'zz:zz'}                       | because of Tag: mac
            WorkloadEndpoint | {}                                             | {WEP, mac: 'ee:ee:ee:ee:ee:ee'}          | ACCEPT
            WorkloadEndpoint | {}                                             | {WEP, ipv4Gateway: 'fd00::1'}             | because of Tag: ipv4
            WorkloadEndpoint | {}                                             | {WEP, profiles: [Bad_Profile]}            | Profiles[0] = 'Bad_Profile'
            WorkloadEndpoint | {}                                             | {WEP, ipNetworks: [10.0.0.1/32], ipNATs: [{internalIP: 10.0.0.2, externalIP: 172.16.0.2}]} | NAT is not in the endpoint networks
            WorkloadEndpoint | {}                                             | {WEP, ipNetworks: [10.0.0.1/32], ipNATs: [{internalIP: 10.0.0.1, externalIP: 'fd00::1'}]} | ExternalIP = 'fd00::1' (mismatched IP versions)
            WorkloadEndpoint | {}                                             | {WEP, ports: [{name: http, protocol: TCP, port: 8080}]} | ACCEPT
            WorkloadEndpoint | {}                                             | {WEP, ports: [{name: http, protocol: ICMP, port: 8080}]} | WorkloadEndpointPort protocol does not support ports.
            WorkloadEndpoint | {}                                             | {WEP, ports: [{protocol: TCP, port: 8080}]} | WorkloadEndpointPort name must not be empty if no HostPort is specified
            WorkloadEndpoint | {}                                             | {WEP, ports: [{name: http, protocol: TCPX, port: 80}]} | Protocol = 'TCPX' (protocol name invalid)
            WorkloadEndpoint | {}                                             | {WEP, ports: [{name: http, protocol: 6, port: 0}]} | because of Tag: gt
            HostEndpoint     | {name: h}                                      | {node: n1, interfaceName: eth0}           | ACCEPT
            HostEndpoint     | {name: h}                                      | {node: n1, expectedIPs: [10.0.0.11]}       | ACCEPT
            HostEndpoint     | {name: h}                                      | {node: n1}                                 | InterfaceName = '' (no interface or expected IPs have been specified)
            HostEndpoint     | {name: h}                                      | {interfaceName: eth0}                      | InterfaceName = '' (no node has been specified)
            HostEndpoint     | {name: h}                                      | {node: n1, expectedIPs: [10.0.0.0/24]}     | because of Tag: ip
            HostEndpoint     | {name: h}                                      | {node: n1, interfaceName: eth0, ports: [{name: ssh, protocol: TCP, port: 22}]} | ACCEPT
            HostEndpoint     | {name: h, namespace: x}                        | {node: n1, interfaceName: eth0}           | HostEndpoint is not a namespaced resource
            """)
    void ruleGivesCalicosOutcome(String kind, String meta, String spec, String expected) {
        String out = run(kind, meta, spec.replace("WEP", WEP));
        if (expected.equals("ACCEPT")) {
            assertEquals("ACCEPT", out, kind + " " + spec);
        } else {
            assertTrue(out.contains(expected), kind + " " + spec + "\nexpected: " + expected + "\nwas: " + out);
        }
    }

    @Test
    void theNameNamespaceAndLabelsAreFilledInAsCalicosClientDoes() {
        WorkloadEndpoint w = (WorkloadEndpoint) Manifest.parse("apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\n"
                + "metadata: {labels: {app: web}}\nspec: {" + WEP + "}\n").resources().get(0);
        WorkloadEndpoint v = Validator.standard().validate(w);
        assertEquals("node1-k8s-my--pod-eth0", v.name());
        assertEquals("default", v.metadata().namespace(), "calicoctl's default namespace");
        assertEquals("default", v.metadata().labels().get("projectcalico.org/namespace"));
        assertEquals("k8s", v.metadata().labels().get("projectcalico.org/orchestrator"));
        assertEquals("web", v.metadata().labels().get("app"));
        assertEquals(Kind.WORKLOAD_ENDPOINT, Kind.fromName("weps").orElseThrow());
        assertTrue(Kind.WORKLOAD_ENDPOINT.namespaced());
    }

    @Test
    void endpointsRoundTripThroughTheirManifestForm() {
        String yaml = "apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata:\n  name: n1-k8s-p-eth0\n  namespace: ns\n"
                + "spec:\n  endpoint: eth0\n  interfaceName: cali1\n  ipNetworks:\n  - 10.244.1.5/32\n  node: n1\n  orchestrator: k8s\n"
                + "  pod: p\n  ports:\n  - hostIP: \"\"\n    hostPort: 0\n    name: http\n    port: 80\n    protocol: TCP\n"
                + "  - hostIP: \"\"\n    hostPort: 0\n    name: dns\n    port: 53\n    protocol: 17\n";
        Manifest m = Manifest.parse(yaml);
        assertEquals(yaml, m.toYaml());
        assertEquals(m.resources(), Manifest.parse(m.toJson()).resources());
    }
}
