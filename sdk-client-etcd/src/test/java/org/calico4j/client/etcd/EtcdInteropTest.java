package org.calico4j.client.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;

import org.calico4j.client.CalicoClient;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** calico4j and Calico read each other's data: keys, JSON and resourceVersion as Calico's etcd backend has them. */
class EtcdInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EtcdServer etcd;
    private static Client raw;

    @BeforeAll
    static void start() throws Exception {
        etcd = EtcdServer.start();
        raw = Client.builder().endpoints(etcd.endpoint()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    private static KeyValue rawGet(String key) throws Exception {
        var r = raw.getKVClient().get(ByteSequence.from(key, StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
        assertEquals(1, r.getKvs().size(), "key " + key);
        return r.getKvs().get(0);
    }

    @Test
    void whatCalico4jWritesIsTheJsonCalicoStores() throws Exception {
        try (CalicoClient client = CalicoClient.connect(etcd.uri("15s"))) {
            IpPool created = client.ipPools().create(IpPool.builder().name("default-ipv4-ippool")
                    .spec(IpPoolSpec.builder().cidr("192.168.0.0/16").ipipMode("Always").natOutgoing(true).build()).build());
            KeyValue kv = rawGet("/calico/resources/v3/projectcalico.org/ippools/default-ipv4-ippool");
            assertEquals(Long.toString(kv.getModRevision()), created.metadata().resourceVersion(), "resourceVersion = mod revision");
            JsonNode stored = JSON.readTree(kv.getValue().getBytes());
            // Calico's stored form (reference: calico-datastore.md 1.3), with this object's uid and time.
            ObjectNode expected = (ObjectNode) JSON.readTree("{\"kind\":\"IPPool\",\"apiVersion\":\"projectcalico.org/v3\","
                    + "\"metadata\":{\"name\":\"default-ipv4-ippool\",\"uid\":\"<uuid>\",\"creationTimestamp\":\"<time>\"},"
                    + "\"spec\":{\"cidr\":\"192.168.0.0/16\",\"vxlanMode\":\"Never\",\"ipipMode\":\"Always\",\"natOutgoing\":true,"
                    + "\"blockSize\":26,\"nodeSelector\":\"all()\",\"allowedUses\":[\"Workload\",\"Tunnel\"],\"assignmentMode\":\"Automatic\"}}");
            ((ObjectNode) expected.get("metadata")).put("uid", created.metadata().uid()).put("creationTimestamp",
                    created.metadata().creationTimestamp());
            assertEquals(expected, stored);
            assertFalse(stored.get("metadata").has("resourceVersion"), "resourceVersion is never stored");
        }
    }

    @Test
    void jsonWrittenInCalicosFormatIsReadAsTheRightResource() throws Exception {
        String json = "{\"kind\":\"IPPool\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"from-calico\","
                + "\"uid\":\"5b2c2c1e-6d1f-4b8e-9c55-0b1f3f2a9d11\",\"creationTimestamp\":\"2026-11-26T09:00:00Z\","
                + "\"labels\":{\"team\":\"net\"}},\"spec\":{\"cidr\":\"10.48.0.0/16\",\"vxlanMode\":\"CrossSubnet\","
                + "\"ipipMode\":\"Never\",\"natOutgoing\":true,\"blockSize\":26,\"nodeSelector\":\"all()\","
                + "\"allowedUses\":[\"Workload\",\"Tunnel\"],\"assignmentMode\":\"Automatic\"}}";
        raw.getKVClient().put(ByteSequence.from("/calico/resources/v3/projectcalico.org/ippools/from-calico", StandardCharsets.UTF_8),
                ByteSequence.from(json, StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
        long rev = rawGet("/calico/resources/v3/projectcalico.org/ippools/from-calico").getModRevision();
        try (CalicoClient client = CalicoClient.connect(etcd.uri("15s"))) {
            IpPool p = client.ipPools().withName("from-calico").require();
            assertEquals("10.48.0.0/16", p.spec().cidr());
            assertEquals("CrossSubnet", p.spec().vxlanMode());
            assertTrue(p.spec().natOutgoing());
            assertEquals("net", p.metadata().labels().get("team"));
            assertEquals("5b2c2c1e-6d1f-4b8e-9c55-0b1f3f2a9d11", p.metadata().uid());
            assertEquals(Long.toString(rev), p.metadata().resourceVersion());
            IpPool edited = client.ipPools().withName("from-calico").edit(x -> x.withSpec(x.spec().withNatOutgoing(false)));
            JsonNode stored = JSON.readTree(rawGet("/calico/resources/v3/projectcalico.org/ippools/from-calico").getValue().getBytes());
            assertFalse(stored.get("spec").has("natOutgoing"), "false is omitted, as Go omits it");
            assertEquals("5b2c2c1e-6d1f-4b8e-9c55-0b1f3f2a9d11", stored.get("metadata").get("uid").asText(), "uid kept on update");
            assertEquals(edited.metadata().creationTimestamp(), stored.get("metadata").get("creationTimestamp").asText());
        }
    }

    @Test
    void unparseableValuesAreReportedNotHidden() throws Exception {
        raw.getKVClient().put(ByteSequence.from("/calico/resources/v3/projectcalico.org/bgppeers/broken", StandardCharsets.UTF_8),
                ByteSequence.from("{not json", StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
        try (EtcdDatastore ds = EtcdDatastore.open(etcd.options(Duration.ofSeconds(15)))) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.calico4j.client.DatastoreException.class,
                    () -> ds.get(org.calico4j.client.spi.ResourceKey.of(org.calico4j.model.Kind.BGP_PEER, "broken")));
            assertTrue(e.getMessage().contains("/calico/resources/v3/projectcalico.org/bgppeers/broken"), e.getMessage());
            assertFalse(e.retryable());
        }
        raw.getKVClient().delete(ByteSequence.from("/calico/resources/v3/projectcalico.org/bgppeers/broken", StandardCharsets.UTF_8))
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void workloadEndpointsLiveUnderTheirNamespace() throws Exception {
        try (CalicoClient client = CalicoClient.connect(etcd.uri("15s"))) {
            org.calico4j.model.WorkloadEndpoint w = client.workloadEndpoints().inNamespace("team-a").create(
                    org.calico4j.model.WorkloadEndpoint.builder().metadata(org.calico4j.model.ObjectMeta.builder().build())
                            .spec(org.calico4j.model.WorkloadEndpointSpec.builder().orchestrator("k8s").node("node1").pod("my-pod")
                                    .endpoint("eth0").interfaceName("cali1").addIpNetworks("10.244.1.5/32").build()).build());
            assertEquals("node1-k8s-my--pod-eth0", w.name());
            KeyValue kv = rawGet("/calico/resources/v3/projectcalico.org/workloadendpoints/team-a/node1-k8s-my--pod-eth0");
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(kv.getValue().getBytes());
            assertEquals("team-a", json.get("metadata").get("namespace").asText());
            assertEquals("team-a", json.get("metadata").get("labels").get("projectcalico.org/namespace").asText());
            assertEquals("cali1", json.get("spec").get("interfaceName").asText());
            assertEquals(1, client.workloadEndpoints().list().items().size());
            assertEquals(1, client.workloadEndpoints().inNamespace("team-a").list().items().size());
            assertEquals(0, client.workloadEndpoints().inNamespace("default").list().items().size());
            assertEquals("my-pod", client.workloadEndpoints().inNamespace("team-a").withName(w.name()).require().spec().pod());
            client.workloadEndpoints().inNamespace("team-a").withName(w.name()).delete();
            assertEquals(0, client.workloadEndpoints().list().items().size());
        }
    }
}
