package org.calico4j.model.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One case per rule of the reference tables (calico-model.md §3–§8) beyond the public vectors:
 * the spec given, and a distinctive part of Calico's reason text, or ACCEPT.
 */
class ReferenceRulesTest {
    private static String run(String kind, String name, String spec) {
        String manifest = "apiVersion: projectcalico.org/v3\nkind: " + kind + "\nmetadata: {name: " + name + "}\nspec: " + spec + "\n";
        ManifestValidation.Report r = ManifestValidation.run(manifest, "case", Validator.standard());
        return r.isValid() ? "ACCEPT" : String.join("\n", r.errors());
    }

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            IPPool | p | {cidr: 10.0.0.1}                                          | IPPool CIDR must be a valid subnet
            IPPool | p | {cidr: 010.0.0.0/8}                                       | IPPool CIDR must be a valid subnet
            IPPool | p | {cidr: 10.0.0.0/8, blockSize: 32}                         | ACCEPT
            IPPool | p | {cidr: 10.0.0.0/20, blockSize: 20}                        | ACCEPT
            IPPool | p | {cidr: 10.0.0.0/8, ipipMode: Always, vxlanMode: CrossSubnet} | Cannot enable both VXLAN and IPIP on the same IPPool
            IPPool | p | {cidr: 'fd00::/64', ipipMode: CrossSubnet}                | IPIP is not supported on an IPv6 IP pool
            IPPool | p | {cidr: 0.0.0.0/0}                                         | IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16
            IPPool | p | {cidr: 169.254.5.0/24}                                    | IPPool CIDR overlaps with IPv4 Link Local range
            IPPool | p | {cidr: '::/0'}                                            | IPPool CIDR overlaps with IPv6 Link Local range fe80::/10
            IPPool | p | {cidr: 127.0.0.0/8}                                       | ACCEPT
            IPPool | p | {cidr: 224.0.0.0/4}                                       | ACCEPT
            IPPool | p | {cidr: 10.0.0.0/8, vxlanMode: sometimes}                  | because of Tag: vxlanMode
            IPPool | p | {cidr: 10.0.0.0/8, allowedUses: [LoadBalancer], ipipMode: CrossSubnet} | Neither IPIPMode nor VXLANMode can be enabled on AllowedUses LoadBalancer IP pool
            IPPool | p | {cidr: 10.0.0.0/8, allowedUses: [Workload, LoadBalancer]} | LoadBalancer cannot be used at the same time as: Workload
            IPPool | p | {cidr: 10.0.0.0/8, namespaceSelector: 'a == "b"'}        | IP Pool with AllowedUse Tunnel cannot have namespaceSelector specified
            IPPool | p | {cidr: 10.0.0.0/8, allowedUses: [Workload], namespaceSelector: 'global()'} | global() selector is not valid for IPPool namespaceSelector
            IPPool | p | {cidr: 10.0.0.0/8, nodeSelector: 'a == "global(x)"'}    | global() selector is not valid for IPPool nodeSelector
            IPPool | p | {cidr: 10.0.0.0/8, allowedUses: [Workload], namespaceSelector: 'a ='} | because of Tag: selector
            IPPool | p | {cidr: '2001:DB8::/48'}                                   | ACCEPT
            IPPool | p | {cidr: 10.0.0.0/8, blockSize: 0}                          | ACCEPT
            IPPool | p | {cidr: 10.0.0.0/8, nat-outgoing: true}                    | field in document is not recognized or is in the wrong location: nat-outgoing
            BGPPeer | p | {peerIP: '10.0.0.1:0'}                                   | because of Tag: IP:port
            BGPPeer | p | {peerIP: ':179'}                                        | because of Tag: IP:port
            BGPPeer | p | {peerIP: '10.0.0.1:'}                                   | because of Tag: IP:port
            BGPPeer | p | {peerIP: 'fd00::1:179'}                                 | ACCEPT
            BGPPeer | p | {peerIP: '[10.0.0.1]:179'}                              | ACCEPT
            BGPPeer | p | {peerIP: '192.168.0.330:170'}                           | because of Tag: IP:port
            BGPPeer | p | {}                                                      | ACCEPT
            BGPPeer | p | {peerIP: 'fd00::1', reachableBy: 10.0.0.1}              | ReachableBy and PeerIP address family mismatched
            BGPPeer | p | {peerIP: '[fd00::1]:179', reachableBy: 'fd00::2'}       | ACCEPT
            BGPPeer | p | {peerIP: 10.0.0.1, asNumber: '65535.65535'}             | ACCEPT
            BGPPeer | p | {peerIP: 10.0.0.1, asNumber: '65536.1'}                 | invalid AS Number format (65536.1)
            BGPPeer | p | {peerIP: 10.0.0.1, asNumber: -1}                        | cannot unmarshal number into Go struct field BGPPeerSpec.spec.asNumber of type string
            BGPPeer | p | {peerIP: 10.0.0.1, filters: [Bad_Name]}                 | because of Tag: name
            BGPPeer | p | {peerIP: 10.0.0.1, reversePeering: auto}                | spec.reversePeering
            BGPPeer | p | {peerIP: 10.0.0.1, nextHopMode: Keep}                   | ACCEPT
            BGPPeer | p | {peerIP: 10.0.0.1, keepaliveTime: 30s, maxRestartTime: 2m} | ACCEPT
            BGPPeer | p | {peerIP: 10.0.0.1, numAllowedLocalASNumbers: 3000000000} | of type int32
            BGPPeer | p | {peerIP: 10.0.0.1, password: {secretKeyRef: {name: s}}}  | spec.password.secretKeyRef.key
            BGPConfiguration | default | {communities: [{name: c, value: '1:2:3:4'}], prefixAdvertisements: [{cidr: 10.0.0.0/8, communities: [c]}]} | invalid community value or format used.
            BGPConfiguration | default | {communities: [{name: c, value: '4294967296:1:1'}], prefixAdvertisements: [{cidr: 10.0.0.0/8, communities: [c]}]} | invalid community value, expected 32 bit value
            BGPConfiguration | default | {prefixAdvertisements: [{cidr: 10.0.0.0/33, communities: ['1:1']}]} | invalid CIDR value.
            BGPConfiguration | default | {ignoredInterfaces: ['*']}                              | because of Tag: ignoredInterface
            BGPConfiguration | default | {localWorkloadPeeringIPV4: 'fd00::1'}                   | because of Tag: ipv4
            BGPConfiguration | default | {localWorkloadPeeringIPV6: 10.0.0.1}                    | because of Tag: ipv6
            BGPConfiguration | default | {nodeToNodeMeshEnabled: false, nodeMeshMaxRestartTime: 30s} | spec.NodeMeshMaxRestartTime cannot be set if spec.NodeToNodeMesh is disabled
            BGPConfiguration | default | {bindMode: Everything}                                  | supported values
            BGPConfiguration | default | {logSeverityScreen: Debug, listenPort: 1790, bindMode: NodeIP} | ACCEPT
            BGPConfiguration | node.n1 | {nodeToNodeMeshEnabled: true}                           | Cannot set nodeToNodeMeshEnabled on a non default BGP Configuration.
            BGPConfiguration | node.n1 | {serviceLoadBalancerIPs: [{cidr: 10.0.0.0/24}]}         | Cannot set ServiceLoadBalancerIPs on a non default BGP Configuration.
            BGPConfiguration | rack1 | {nodeMeshMaxRestartTime: 1m}                              | Cannot set nodeMeshMaxRestartTime on a non default BGP Configuration.
            BGPConfiguration | node.n1 | {communities: [{name: c, value: '1:1'}], prefixAdvertisements: [{cidr: 10.0.0.0/8, communities: [c]}]} | ACCEPT
            Node | n1 | {bgp: {ipv4Address: 10.244.0.1/24, ipv6Address: 'fd00::1/64', asNumber: '1.2'}} | ACCEPT
            Node | n1 | {bgp: {routeReflectorClusterID: 300.34.3.1, ipv4Address: 10.0.0.1}}          | because of Tag: ipv4
            Node | n1 | {bgp: {ipv4IPIPTunnelAddr: 10.0.0.1/32, ipv4Address: 10.0.0.1}}              | because of Tag: ipv4
            Node | n1 | {vxlanTunnelMACAddr: 'zz:zz'}                                              | because of Tag: mac
            Node | n1 | {notANodeField: 1}                                                         | field in document is not recognized or is in the wrong location: notANodeField
            FelixConfiguration | default | {natOutgoingAddress: 'fd00::1'}                | is not a valid IPv4 address
            FelixConfiguration | default | {natPortRange: 'http'}                         | ACCEPT
            FelixConfiguration | default | {bpfPSNATPorts: '30000:29999'}                 | minimum port number (30000) is greater than maximum port number (29999) in port range
            FelixConfiguration | default | {iptablesNATOutgoingInterfaceFilter: 'eth0 eth1'} | because of Tag: ifaceFilter
            FelixConfiguration | default | {serviceLoopPrevention: Allow}                 | because of Tag: oneof
            FelixConfiguration | default | {externalNodesList: ['fd00::/64']}            | has invalid IPv6 CIDR
            FelixConfiguration | default | {deviceRouteSourceAddressIPv6: 10.0.0.1}      | is not a valid IPv6 address
            FelixConfiguration | default | {logSeverityScreen: Verbose}                  | because of Tag: logLevel
            FelixConfiguration | default | {routeTableRange: {min: 1, max: 250}, routeTableRanges: [{min: 1, max: 250}]} | cannot be set when `RouteTableRanges` is also set
            FelixConfiguration | default | {bpfDSROptoutCIDRs: [not-a-cidr]}              | because of Tag: cidrs
            FelixConfiguration | default | {healthTimeoutOverrides: [{name: 'bad/name', timeout: 10s}]} | name should match regex
            FelixConfiguration | node.n1 | {vxlanEnabled: true, vxlanVNI: 4097, ipipEnabled: false, nftablesMode: Enabled, floatingIPs: Enabled} | ACCEPT
            FelixConfiguration | default | {ipipEnabled: 'yes please'}                   | cannot unmarshal string into Go struct field FelixConfigurationSpec.spec.ipipEnabled of type bool
            IPReservation | r | {reservedCIDRs: ['cafe::1', 'cafe:f00d::/96', 10.0.1.0/24]} | ACCEPT
            IPReservation | r | {reservedCIDRs: ['10.0.1.0/24', 'cafe::/129']}  | because of Tag: cidrs
            BGPFilter | f | {exportV4: [{cidr: 10.0.0.0/8, matchOperator: In, action: Reject}]} | ACCEPT
            BGPFilter | f | {exportV4: [{cidr: 10.0.0.0/8, action: Reject}]}                | cidr and matchOperator must both be set or both be empty
            BGPFilter | f | {importV6: [{cidr: 10.0.0.0/8, matchOperator: In, action: Accept}]} | because of Tag: netv6
            BGPFilter | f | {exportV4: [{matchOperator: Equal, cidr: 10.0.0.1/8, action: Accept}]} | because of Tag: netv4
            BGPFilter | f | {exportV4: [{action: Drop}]}                                   | because of Tag: filterAction
            BGPFilter | f | {exportV4: [{action: Accept, interface: 'cali*'}]}             | ACCEPT
            """)
    void ruleGivesCalicosOutcome(String kind, String name, String spec, String expected) {
        String out = run(kind, name, spec);
        if (expected.equals("ACCEPT")) {
            assertEquals("ACCEPT", out, kind + " " + spec);
        } else {
            assertTrue(out.contains(expected), kind + " " + spec + "\nexpected: " + expected + "\nwas: " + out);
        }
    }
}
