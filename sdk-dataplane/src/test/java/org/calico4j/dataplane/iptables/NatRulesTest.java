package org.calico4j.dataplane.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.NatSettings;
import org.calico4j.dataplane.PoolInfo;
import org.calico4j.dataplane.RoutingSettings;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

class NatRulesTest {
    private static final Features PLAIN = new Features(false, false);

    static String resource(String name) throws IOException {
        try (InputStream in = NatRulesTest.class.getResourceAsStream("/felix-v3.32.1/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static DataplaneState state(HostInfo host, NatSettings nat, RoutingSettings routing, PoolInfo... pools) {
        DataplaneDelta.Builder d = DataplaneDelta.builder().host(host).nat(nat).routing(routing);
        for (PoolInfo p : pools) {
            d.setPool(p);
        }
        return DataplaneState.empty(host).apply(d.build());
    }

    static PoolInfo pool(String cidr, boolean nat) {
        return new PoolInfo(Cidr.parse(cidr), nat, EncapsulationMode.NEVER, EncapsulationMode.NEVER, false, false, false);
    }

    @Test
    void ruleHashesReproduceFelixsTestVector() {
        // felix/iptables/table_test.go (v3.32.1): FORWARD with DROP, ACCEPT, DROP, ACCEPT.
        List<String> rules = List.of("-A FORWARD HASH --jump DROP", "-A FORWARD HASH --jump ACCEPT", "-A FORWARD HASH --jump DROP",
                "-A FORWARD HASH --jump ACCEPT");
        assertEquals(List.of("hecdSCslEjdBPBPo", "plvr29-ZiKUwbzDV", "BMJ7gfua-eMLZ8Gu", "rmnR1gc8haxMy_0W"), RuleHash.of("FORWARD", rules));
    }

    @Test
    void rendersTheNatTableOfFelixsIptablesDump() throws IOException {
        SavedTable dump = SavedTable.parse(resource("cali-iptables-dump-nat.txt"));
        HostInfo host = new HostInfo("n1", Cidr.parse("10.0.0.11/24"), null, null, IpAddress.parse("10.65.0.1"), null, null);
        NatTable t = NatRules.render(state(host, NatSettings.defaults(), new RoutingSettings(false, true, false, true, false)), 4);
        Features f = Features.modern();
        List<String> calicoChains = dump.chainNames().stream().filter(c -> c.startsWith("cali-")).toList();
        assertEquals(calicoChains, List.copyOf(t.chains().keySet()));
        for (String c : calicoChains) {
            assertEquals(dump.hashes(c), t.chains().get(c).hashes(f), c);
        }
        assertEquals(dump.hashes("PREROUTING"), t.insertedHashes("PREROUTING", f));
        assertEquals(dump.hashes("OUTPUT"), t.insertedHashes("OUTPUT", f));
        assertEquals(dump.hashes("POSTROUTING"), t.appendedHashes("POSTROUTING", f));
        assertEquals(List.of("Z-c7XtVd2Bq7s_hA", "nYKhEzDlr11Jccal", "e9dnSgSVNmIcpVhP"), t.chains().get(NatRules.POSTROUTING).hashes(f));
    }

    @Test
    void rendersCaliNatOutgoingAsFelixsNatTestExpects() throws IOException {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        String current = null;
        for (String line : resource("nat_test-rendered.txt").split("\n")) {
            if (line.startsWith("== ")) {
                current = line.substring(3);
                cases.put(current, new ArrayList<>());
            } else if (line.startsWith("settings:")) {
                settings.put(current, line.substring(9).strip());
            } else if (current != null && !line.isBlank() && !line.startsWith("#")) {
                cases.get(current).add(line);
            }
        }
        assertEquals(7, cases.size());
        cases.forEach((name, expected) -> {
            String s = settings.get(name);
            IpAddress addr = null;
            String ports = null;
            String iface = null;
            boolean hosts = false;
            for (String kv : s.split(" ")) {
                String[] p = kv.split("=", 2);
                switch (p[0]) {
                    case "natOutgoingAddress" -> addr = IpAddress.parse(p[1]);
                    case "natPortRange" -> ports = p[1];
                    case "interfaceFilter" -> iface = p[1];
                    case "natOutgoingExclusions" -> hosts = true;
                    default -> { }
                }
            }
            HostInfo host = HostInfo.of("n1", Cidr.parse("10.0.0.11/24"));
            DataplaneState st = state(host, new NatSettings(addr, ports, iface, hosts), RoutingSettings.defaults(),
                    pool("10.244.0.0/16", !s.equals("inactive")));
            Chain c = NatRules.render(st, 4).chains().get(NatRules.NAT_OUTGOING);
            assertEquals(expected, c.rules().stream().map(r -> r.render(PLAIN)).toList(), name);
        });
    }

    @Test
    void reproducesTheReferencesDerivedHashes() {
        HostInfo host = HostInfo.of("n1", Cidr.parse("10.0.0.11/24"));
        DataplaneState st = state(host, NatSettings.defaults(), RoutingSettings.defaults(), pool("10.244.0.0/16", true));
        Chain c = NatRules.render(st, 4).chains().get(NatRules.NAT_OUTGOING);
        assertEquals(List.of("W_qq_N2KSTWyCvrX"), c.hashes(Features.modern()));
        assertEquals(List.of("TTPfnvdxBZ0m0GOs"), c.hashes(PLAIN), "--random-fully changes the hash");
    }

    @Test
    void ipv6UsesItsOwnSetsAndTunnelAndNoSnatAddress() {
        HostInfo host = new HostInfo("n1", Cidr.parse("10.0.0.11/24"), Cidr.parse("fd00::11/64"), null, null,
                IpAddress.parse("fd00:10:244::1"), null);
        DataplaneState st = state(host, new NatSettings(IpAddress.parse("203.0.113.10"), null, null, false),
                new RoutingSettings(false, true, false, false, true), pool("fd00:10:244::/48", true), pool("10.244.0.0/16", false));
        NatTable v6 = NatRules.render(st, 6);
        assertEquals(List.of("-m set --match-set cali60masq-ipam-pools src -m set ! --match-set cali60network-ip-pools dst --jump MASQUERADE"),
                v6.chains().get(NatRules.NAT_OUTGOING).rules().stream().map(r -> r.render(PLAIN)).toList());
        assertTrue(v6.chains().get(NatRules.POSTROUTING).rules().get(2).render(PLAIN).startsWith("--out-interface vxlan-v6.calico "));
        NatTable v4 = NatRules.render(st, 4);
        assertTrue(v4.chains().get(NatRules.NAT_OUTGOING).rules().isEmpty(), "the v4 pool has no natOutgoing");
        assertEquals(2, v4.chains().get(NatRules.POSTROUTING).rules().size(), "no v4 tunnel");
    }

    @Test
    void hooksAreInsertedAtTheTopOrAppendedAndPostroutingAlwaysAppended() {
        DataplaneState st = state(HostInfo.of("n1", null), NatSettings.defaults(), RoutingSettings.defaults());
        NatTable t = NatRules.render(st, 4);
        String insert = t.restoreInput(Features.modern(), NatTable.InsertMode.INSERT);
        assertTrue(insert.startsWith("*nat\n:cali-OUTPUT - -\n:cali-POSTROUTING - -\n"), insert);
        assertTrue(insert.contains("-I PREROUTING -m comment --comment \"cali:6gwbT8clXdHdC1b1\" --jump cali-PREROUTING\n"), insert);
        assertTrue(insert.contains("-A POSTROUTING -m comment --comment \"cali:0i8pjzKKPyA34aQD\" --jump cali-POSTROUTING\n"), insert);
        assertTrue(insert.endsWith("COMMIT\n"));
        String append = t.restoreInput(Features.modern(), NatTable.InsertMode.APPEND);
        assertTrue(append.contains("-A PREROUTING -m comment --comment \"cali:6gwbT8clXdHdC1b1\" --jump cali-PREROUTING\n"), append);
        assertFalse(append.contains("-I "), append);
    }

    @Test
    void ipSetsFollowThePoolsAndEncapsulation() {
        try (ClusterC c = ClusterC.build(p -> p.vxlanMode("Always"))) {
            DataplaneState st = c.stateOf("n1");
            assertEquals(List.of(IpSets.allVxlan(4), IpSets.masq(4), IpSets.network(4)), List.copyOf(IpSetRules.desired(st, 4).keySet()));
            String in = IpSetRules.restoreInput(st, 4);
            assertTrue(in.contains("create cali40masq-ipam-pools hash:net family inet maxelem 1048576\nadd cali40masq-ipam-pools 10.244.0.0/16\n"), in);
            assertTrue(in.contains("add cali40all-vxlan-net 10.0.0.12/32\nadd cali40all-vxlan-net 10.0.1.13/32\n"), in);
            assertEquals(List.of(IpSets.masq(6), IpSets.network(6)), List.copyOf(IpSetRules.desired(st, 6).keySet()), "empty v6 sets");
        }
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            assertTrue(IpSetRules.desired(c.stateOf("n1"), 4).containsKey(IpSets.allHosts(4)), "IPIP: all-hosts-net");
        }
    }

    @Test
    void featureDetectionFollowsFelixsVersionThresholds() {
        assertEquals(Features.modern(), Features.detect("iptables v1.8.9 (nf_tables)", "6.1.0-18-amd64"));
        assertEquals(new Features(false, true), Features.detect("iptables v1.6.1", "5.10.0"));
        assertEquals(new Features(false, false), Features.detect("iptables v1.8.9 (legacy)", "3.10.0-1160.el7.x86_64"));
    }
}
