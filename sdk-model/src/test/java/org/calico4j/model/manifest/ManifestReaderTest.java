package org.calico4j.model.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.calico4j.model.BgpPeer;
import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Port;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {
    private static final String POOL = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p1}\nspec: {cidr: 10.0.0.0/16}\n";

    private static String onlyProblem(String text) {
        ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse(text));
        assertEquals(1, e.problems().size(), e.getMessage());
        return String.join("; ", e.problems().get(0).messages());
    }

    @Test
    void readsEveryFormCalicoctlAccepts() {
        assertEquals(1, Manifest.parse(POOL).resources().size());
        assertEquals(2, Manifest.parse("---\n" + POOL + "--- # comment after separator\n" + POOL.replace("p1", "p2")).resources().size());
        assertEquals(2, Manifest.parse("- " + POOL.replace("\n", "\n  ") + "\n- {apiVersion: projectcalico.org/v3, kind: BGPPeer, metadata: {name: b}}\n").resources().size());
        String list = "apiVersion: projectcalico.org/v3\nkind: IPPoolList\nmetadata: {resourceVersion: '7'}\nitems:\n"
                + "- {apiVersion: projectcalico.org/v3, kind: IPPool, metadata: {name: a}, spec: {cidr: 10.1.0.0/16}}\n"
                + "- {metadata: {name: b}, spec: {cidr: 10.2.0.0/16}}\n";
        List<IpPool> pools = Manifest.parse(list).resources(IpPool.class);
        assertEquals(List.of("a", "b"), List.of(pools.get(0).name(), pools.get(1).name()));
        assertEquals(1, Manifest.parse("{\"apiVersion\": \"projectcalico.org/v3\", \"kind\": \"BGPPeer\", \"metadata\": {\"name\": \"x\"}}").resources().size());
        assertTrue(Manifest.parse("").isEmpty());
    }

    /** calicoctl (confd's golden tests: mock_data/calicoctl/mesh/ipip-always/input.yaml) applies a bare `spec:` as an empty spec. */
    @Test
    void bareSpecIsAnEmptySpec() {
        String bare = "kind: BGPConfiguration\napiVersion: projectcalico.org/v3\nmetadata:\n  name: default\nspec:\n";
        org.calico4j.model.BgpConfiguration c = Manifest.parse(bare).resources(org.calico4j.model.BgpConfiguration.class).get(0);
        assertTrue(c.spec().nodeToNodeMeshEnabled().isEmpty());
        assertEquals(1, Manifest.parse(POOL.replace("spec: {cidr: 10.0.0.0/16}", "spec: null").replace("IPPool", "BGPPeer")).resources().size());
    }

    @Test
    void matchesKeysCaseInsensitivelyLikeGo() {
        IpPool p = Manifest.parse("apiVersion: projectcalico.org/v3\nkind: IPPool\nMetadata: {Name: p}\nSPEC: {CIDR: 10.0.0.0/8, NATOutgoing: true}\n")
                .resources(IpPool.class).get(0);
        assertEquals("10.0.0.0/8", p.spec().cidr());
        assertTrue(p.spec().natOutgoing());
        assertEquals("p", p.name());
    }

    @Test
    void rejectsWhatCalicoctlRejectsWithItsWords() {
        assertEquals("unknown resource type (List) and/or version (v1)",
                onlyProblem("apiVersion: v1\nkind: List\nitems: []\n"));
        assertEquals("unknown resource type (IPPool) and/or version (crd.projectcalico.org/v1)",
                onlyProblem(POOL.replace("projectcalico.org/v3", "crd.projectcalico.org/v1")));
        assertEquals("unknown resource type (NetworkPolicy) and/or version (projectcalico.org/v3)",
                onlyProblem(POOL.replace("IPPool", "NetworkPolicy")));
        assertEquals("field in document is not recognized or is in the wrong location: natOutgoingg",
                onlyProblem(POOL.replace("cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16, natOutgoingg: true")));
        assertTrue(onlyProblem(POOL.replace("spec:", "spec:\n  cidr: 10.1.0.0/16\nspec2:")).contains("spec2"));
        assertEquals("yaml: unmarshal errors: line 6: key \"cidr\" already set in map",
                onlyProblem(POOL.replace("spec: {cidr: 10.0.0.0/16}", "spec:\n  cidr: 10.0.0.0/16\n  cidr: 10.1.0.0/16")));
        assertEquals("cannot unmarshal string into Go struct field IPPoolSpec.spec.blockSize of type int",
                onlyProblem(POOL.replace("cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16, blockSize: '26'")));
        assertEquals("cannot unmarshal number 1.5 into Go struct field IPPoolSpec.spec.blockSize of type int",
                onlyProblem(POOL.replace("cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16, blockSize: 1.5")));
        assertEquals("cannot unmarshal array into Go struct field IPPool.spec of type v3.IPPoolSpec",
                onlyProblem(POOL.replace("spec: {cidr: 10.0.0.0/16}", "spec: [1]")));
    }

    @Test
    void reportsEveryBadDocumentAndKeepsTheGoodOnes() {
        List<ManifestEntry> entries = Manifest.load(POOL + "---\n" + POOL.replace("cidr:", "cidrr:") + "---\n: bad: yaml: [\n---\n" + POOL, "m.yaml");
        assertEquals(4, entries.size());
        assertTrue(entries.get(0).resource().isPresent());
        assertEquals(2, entries.get(1).problem().orElseThrow().document());
        assertTrue(entries.get(2).problem().orElseThrow().messages().get(0).startsWith("yaml: "));
        assertTrue(entries.get(3).resource().isPresent());
        assertTrue(entries.get(1).problem().orElseThrow().toString().startsWith("m.yaml: document 2 (IPPool \"p1\"): "));
    }

    @Test
    void yamlScalarsBecomeTextForStringFieldsAndYaml11BooleansAreBooleans() {
        IpPool p = Manifest.parse(POOL.replace("cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16, disabled: yes, nodeSelector: 12")).resources(IpPool.class).get(0);
        assertTrue(p.spec().disabled());
        assertEquals("12", p.spec().nodeSelector());
    }

    @Test
    void writesLikeCalicoctlGet() {
        String peer = "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: b}\n"
                + "spec: {peerIP: '[fd00::1]:179', asNumber: '1.10', maxRestartTime: 120s, nodeSelector: '!all()'}\n";
        BgpPeer b = Manifest.parse(peer).resources(BgpPeer.class).get(0);
        assertEquals("apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: b\nspec:\n  asNumber: 65546\n"
                + "  maxRestartTime: 2m0s\n  nodeSelector: '!all()'\n  peerIP: '[fd00::1]:179'\n", Manifest.toYaml(b));
        FelixConfiguration f = Manifest.parse("apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\n"
                + "spec: {natPortRange: '32768:65535', bpfPSNATPorts: 20000, logSeverityScreen: 'yes', routeSource: WorkloadIPs}\n")
                .resources(FelixConfiguration.class).get(0);
        assertEquals(Port.range(32768, 65535), f.spec().natPortRange().orElseThrow());
        String out = Manifest.toJson(f);
        assertTrue(out.contains("\"natPortRange\": \"32768:65535\""), out);
        assertTrue(out.contains("\"bpfPSNATPorts\": 20000"), out);
        assertTrue(out.contains("\"routeSource\": \"WorkloadIPs\""), out);
        assertTrue(Manifest.toYaml(f).contains("logSeverityScreen: \"yes\""), Manifest.toYaml(f));
    }

    @Test
    void writesSeveralKindsAsDocumentsAndOneKindAsATypedList() {
        Resource a = Manifest.parse(POOL).resources().get(0);
        Resource b = Manifest.parse(POOL.replace("p1", "p2")).resources().get(0);
        assertTrue(Manifest.of(a, b).toYaml().contains("kind: IPPoolList"));
        Resource peer = Manifest.parse("{apiVersion: projectcalico.org/v3, kind: BGPPeer, metadata: {name: x}}").resources().get(0);
        assertEquals(2, Manifest.parse(Manifest.of(a, peer).toYaml()).resources().size());
        assertEquals(Kind.BGP_PEER, Manifest.parse(Manifest.of(a, peer).toJson()).resources().get(1).kind());
    }

    @Test
    void unknownFelixFieldsAreRejectedButKnownOnesAreCarried() {
        assertTrue(onlyProblem("apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\nspec: {notAFelixField: 1}\n")
                .contains("notAFelixField"));
        assertTrue(onlyProblem("apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\nspec: {bpfLogFilters: [1]}\n")
                .contains("bpfLogFilters"));
    }
}
