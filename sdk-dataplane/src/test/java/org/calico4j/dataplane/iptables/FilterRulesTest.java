package org.calico4j.dataplane.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.model.net.Cidr;
import org.junit.jupiter.api.Test;

class FilterRulesTest {
    private static final Features PLAIN = new Features(false, false);
    private static final HostInfo HOST = new HostInfo("n1", Cidr.parse("10.0.0.11/24"), null, null, null, null, null);

    private static DataplaneState blocking(String... cidrs) {
        DataplaneDelta.Builder d = DataplaneDelta.builder().host(HOST).blockedCidrs(
                java.util.Arrays.stream(cidrs).map(Cidr::parse).collect(java.util.stream.Collectors.toSet()));
        return DataplaneState.empty(HOST).apply(d.build());
    }

    private static List<String> rules(NatTable t, String chain) {
        return t.chains().get(chain).rules().stream().map(r -> r.render(PLAIN)).toList();
    }

    @Test
    void blockedServiceRangeIsDroppedFromTheLastRuleOfCaliForward() {
        NatTable v4 = FilterRules.render(blocking("10.96.0.0/12", "fd00:96::/108"), 4);
        assertEquals("filter", v4.table());
        assertEquals(List.of("--destination 10.96.0.0/12 --jump DROP"), rules(v4, "cali-cidr-block"));
        assertEquals(List.of("--jump cali-cidr-block"), rules(v4, "cali-FORWARD"));
        assertEquals(Map.of("FORWARD", List.of(Rule.always(new Rule.Jump("cali-FORWARD")))), v4.inserted());
        NatTable v6 = FilterRules.render(blocking("10.96.0.0/12", "fd00:96::/108"), 6);
        assertEquals(List.of("--destination fd00:96::/108 --jump DROP"), rules(v6, "cali-cidr-block"));
    }

    @Test
    void hookHashIsFelixs() {
        // felix/fv/cali-iptables-dump.txt (v3.32.1), filter table:
        // -A FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD
        NatTable t = FilterRules.render(blocking("10.96.0.0/12"), 4);
        assertEquals(List.of("wUHhoiAYhphO9Mso"), t.insertedHashes("FORWARD", PLAIN));
    }

    @Test
    void cidrsAreSortedAsStringsAsFelixDoes() {
        // nat.go sorts the CIDR strings: "10.…" before "9.…".
        NatTable t = FilterRules.render(blocking("9.0.0.0/8", "10.96.0.0/12"), 4);
        assertEquals(List.of("--destination 10.96.0.0/12 --jump DROP", "--destination 9.0.0.0/8 --jump DROP"), rules(t, "cali-cidr-block"));
    }

    @Test
    void restoreInputProgramsTheFilterTable() {
        String in = FilterRules.render(blocking("10.96.0.0/12"), 4).restoreInput(PLAIN, NatTable.InsertMode.INSERT);
        assertTrue(in.startsWith("*filter\n:cali-FORWARD - -\n:cali-cidr-block - -\n"), in);
        assertTrue(in.contains("-A cali-cidr-block -m comment --comment \"cali:"), in);
        assertTrue(in.contains("\" --destination 10.96.0.0/12 --jump DROP\n"), in);
        assertTrue(in.contains("-I FORWARD -m comment --comment \"cali:wUHhoiAYhphO9Mso\" --jump cali-FORWARD\n"), in);
    }

    @Test
    void withoutBlockedCidrsTheChainsAndHookAreRemoved() {
        NatTable none = FilterRules.render(blocking(), 4);
        assertTrue(none.chains().isEmpty());
        String save = """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :cali-FORWARD - [0:0]
                :cali-cidr-block - [0:0]
                -A FORWARD -j OTHER-TOOL
                -A FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD
                -A cali-FORWARD -m comment --comment "cali:x" -j cali-cidr-block
                -A cali-cidr-block -m comment --comment "cali:y" -d 10.96.0.0/12 -j DROP
                COMMIT
                """;
        String plan = NatWriter.plan(SavedTable.parse(save), none, PLAIN, NatTable.InsertMode.INSERT);
        assertEquals("""
                *filter
                :cali-FORWARD - -
                :cali-cidr-block - -
                -D FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD
                COMMIT
                *filter
                --delete-chain cali-FORWARD
                --delete-chain cali-cidr-block
                COMMIT
                """, plan);
        assertFalse(NatWriter.cleanup(SavedTable.parse(save), "filter").contains("OTHER-TOOL"));
    }
}
