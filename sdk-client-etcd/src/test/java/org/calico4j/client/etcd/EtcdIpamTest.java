package org.calico4j.client.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;

import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.tck.IpamTck;
import org.calico4j.model.ipam.AffinityState;
import org.calico4j.model.ipam.BlockAffinity;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IPAM suite on a real etcd, each simulated host on its own connection; and the records in
 * Calico's own key layout and JSON, both ways.
 */
class EtcdIpamTest extends IpamTck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdServer.start();
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Datastore open() {
        etcd.clearCalicoKeys();
        return connectAgain();
    }

    @Override
    protected Datastore connectAgain() {
        return EtcdDatastore.open(etcd.options(Duration.ofSeconds(15)));
    }

    @Override
    protected int operations() {
        return 600;
    }

    private static Client raw() {
        return Client.builder().endpoints(etcd.endpoint()).build();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static JsonNode read(Client raw, String key) throws Exception {
        List<KeyValue> kvs = raw.getKVClient().get(bytes(key)).get(30, TimeUnit.SECONDS).getKvs();
        assertEquals(1, kvs.size(), key + " is stored");
        return JSON.readTree(kvs.get(0).getValue().getBytes());
    }

    @Test
    void recordsAreStoredInCalicosKeysAndJson() throws Exception {
        pool("p", "10.0.0.0/24", 28);
        pool("v6", "fd00:10:244::/120", 122);
        List<IpAddress> ips = ipam.autoAssign(AutoAssignRequest.forHost("node-1").ipv4(2).ipv6(1)
                .handle("k8s-pod-network.c0ffee").attributes(Map.of("namespace", "default", "pod", "web-0"))).all();
        Cidr block = ipam.blocks().stream().filter(b -> b.cidr().version() == 4).findFirst().orElseThrow().cidr();
        Cidr block6 = ipam.blocks().stream().filter(b -> b.cidr().version() == 6).findFirst().orElseThrow().cidr();
        String name = block.toString().replace('/', '-');
        try (Client raw = raw()) {
            JsonNode b = read(raw, "/calico/ipam/v2/assignment/ipv4/block/" + name);
            assertEquals(block.toString(), b.get("cidr").asText());
            assertEquals("host:node-1", b.get("affinity").asText());
            assertEquals(16, b.get("allocations").size());
            assertEquals(14, b.get("unallocated").size());
            int ord = (int) block.offsetOf(ips.get(0));
            assertEquals(0, b.get("allocations").get(ord).asInt());
            assertTrue(b.get("allocations").get((ord + 2) % 16).isNull(), "free ordinals are null");
            assertEquals("k8s-pod-network.c0ffee", b.get("attributes").get(0).get("handle_id").asText());
            assertEquals("web-0", b.get("attributes").get(0).get("secondary").get("pod").asText());
            assertTrue(b.get("sequenceNumber").isIntegralNumber());
            assertTrue(b.get("sequenceNumberForAllocation").has(Integer.toString(ord)));
            assertEquals(false, b.get("deleted").asBoolean());
            assertTrue(b.has("affinity_claim_time"));
            read(raw, "/calico/ipam/v2/assignment/ipv6/block/" + block6.toString().replace('/', '-'));
            JsonNode aff = read(raw, "/calico/ipam/v2/host/node-1/ipv4/block/" + name);
            assertEquals("{\"state\":\"confirmed\",\"deleted\":false}", aff.toString());
            JsonNode h = read(raw, "/calico/ipam/v2/handle/k8s-pod-network.c0ffee");
            assertEquals(2, h.get("block").get(block.toString()).asInt());
            assertEquals(1, h.get("block").get(block6.toString()).asInt());
        }
    }

    @Test
    void readsBlocksAndAffinitiesCalicoWrote() throws Exception {
        pool("p", "10.0.0.0/24", 26);
        // As Calico's IPAM leaves them: a block of node-2 with ordinal 3 taken, and a legacy empty affinity value.
        StringBuilder alloc = new StringBuilder();
        StringBuilder free = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            alloc.append(i == 0 ? "" : ",").append(i == 3 ? "0" : "null");
            if (i != 3) {
                free.append(free.length() == 0 ? "" : ",").append(i);
            }
        }
        String block = "{\"cidr\":\"10.0.0.64/26\",\"affinity\":\"host:node-2\",\"allocations\":[" + alloc
                + "],\"unallocated\":[" + free + "],\"attributes\":[{\"handle_id\":\"calico-made\",\"secondary\":"
                + "{\"node\":\"node-2\"}}],\"sequenceNumber\":1790000000000000001,\"sequenceNumberForAllocation\":"
                + "{\"3\":1790000000000000000},\"deleted\":false}";
        try (Client raw = raw()) {
            raw.getKVClient().put(bytes("/calico/ipam/v2/assignment/ipv4/block/10.0.0.64-26"), bytes(block)).get(30, TimeUnit.SECONDS);
            raw.getKVClient().put(bytes("/calico/ipam/v2/host/node-2/ipv4/block/10.0.0.64-26"), bytes("")).get(30, TimeUnit.SECONDS);
            raw.getKVClient().put(bytes("/calico/ipam/v2/handle/calico-made"), bytes("{\"block\":{\"10.0.0.64/26\":1},\"deleted\":false}"))
                    .get(30, TimeUnit.SECONDS);
        }
        IpamBlock b = ipam.blocks().get(0);
        assertEquals(Cidr.parse("10.0.0.64/26"), b.cidr());
        assertEquals(1790000000000000001L, b.sequenceNumber());
        List<BlockAffinity> affs = ipam.affinities("node-2");
        assertEquals(AffinityState.CONFIRMED, affs.get(0).state(), "an empty value is a confirmed affinity");
        assertEquals(List.of(IpAddress.parse("10.0.0.67")), ipam.ipsByHandle("calico-made"));
        assertTrue(ipam.check().isClean(), () -> ipam.check().problems().toString());
        // node-2 allocates next to what Calico allocated, from the head of the free queue.
        assertEquals(List.of(IpAddress.parse("10.0.0.64")), ipam.autoAssign(AutoAssignRequest.forHost("node-2").ipv4(1)).ipv4());
    }
}
