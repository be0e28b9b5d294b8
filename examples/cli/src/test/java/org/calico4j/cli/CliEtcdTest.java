package org.calico4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.calico4j.client.etcd.EtcdServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code calico4j --datastore etcd://... apply -f}, then etcdctl shows Calico's JSON. */
class CliEtcdTest {
    private static EtcdServer etcd;

    @BeforeAll
    static void start() throws Exception {
        etcd = EtcdServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    private static String etcdctlGet(String key) throws Exception {
        Process p = new ProcessBuilder(List.of("etcdctl", "--endpoints=" + etcd.endpoint(), "get", key, "--print-value-only"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "etcdctl hung");
        assertEquals(0, p.exitValue(), out);
        return out.trim();
    }

    @Test
    void applyThroughTheCliIsCalicosJsonInEtcd() throws Exception {
        CliConformanceTest.Run r = CliConformanceTest.run("--datastore", etcd.uri("15s").toString(), "apply", "-f",
                "../manifests/ippool-nat-outgoing.yaml");
        assertEquals(0, r.code(), r.err());
        JsonNode stored = new ObjectMapper().readTree(etcdctlGet("/calico/resources/v3/projectcalico.org/ippools/ippool-ext-1"));
        assertEquals("IPPool", stored.get("kind").asText());
        assertEquals("projectcalico.org/v3", stored.get("apiVersion").asText());
        assertEquals("192.168.0.0/16", stored.get("spec").get("cidr").asText());
        assertTrue(stored.get("spec").get("natOutgoing").asBoolean());
        assertEquals(26, stored.get("spec").get("blockSize").asInt());
        assertTrue(stored.get("metadata").has("uid") && !stored.get("metadata").has("resourceVersion"), stored.toString());
        CliConformanceTest.Run get = CliConformanceTest.run("--datastore", etcd.uri("15s").toString(), "get", "ippool", "ippool-ext-1", "-o", "yaml");
        assertEquals(0, get.code(), get.err());
        assertTrue(get.out().contains("natOutgoing: true"), get.out());
    }

    @Test
    void calicoctlsEnvironmentVariablesSelectEtcd() {
        assertEquals("etcd://127.0.0.1:2379,10.0.0.2:2379", DatastoreOptions.resolve(null,
                Map.of("DATASTORE_TYPE", "etcdv3", "ETCD_ENDPOINTS", "http://127.0.0.1:2379,http://10.0.0.2:2379")));
        // The password is not part of the URI (it would show in messages): the etcd datastore reads ETCD_PASSWORD.
        assertEquals("etcds://u@10.0.0.1:2379?ca=%2Fetc%2Fca.pem&cert=%2Fc.pem&key=%2Fk.pem", DatastoreOptions.resolve(null,
                Map.of("DATASTORE_TYPE", "etcdv3", "ETCD_ENDPOINTS", "https://10.0.0.1:2379", "ETCD_USERNAME", "u",
                        "ETCD_PASSWORD", "p@ss", "ETCD_CA_CERT_FILE", "/etc/ca.pem", "ETCD_CERT_FILE", "/c.pem", "ETCD_KEY_FILE", "/k.pem")));
        String endpoint = etcd.endpoint();
        assertEquals(DatastoreOptions.etcdUri(Map.of("ETCD_ENDPOINTS", endpoint)), "etcd://" + endpoint.substring("http://".length()));
    }

    @Test
    void ipamThroughTheCliWritesCalicosIpamKeys() throws Exception {
        String ds = etcd.uri("15s").toString();
        java.nio.file.Path f = java.nio.file.Files.createTempFile("cluster", ".yaml");
        try {
            java.nio.file.Files.writeString(f, "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: node-e}\nspec: {}\n---\n"
                    + "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: ipam-pool}\nspec: {cidr: 10.77.0.0/24}\n");
            assertEquals(0, CliConformanceTest.run("--datastore", ds, "apply", "-f", f.toString()).code());
        } finally {
            java.nio.file.Files.delete(f);
        }
        CliConformanceTest.Run a = CliConformanceTest.run("--datastore", ds, "ipam", "assign", "--node", "node-e", "--handle", "cli-h");
        assertEquals(0, a.code(), a.err());
        String ip = a.out().trim();
        assertTrue(ip.startsWith("10.77.0."), ip);
        String cidr = org.calico4j.model.net.Cidr.of(org.calico4j.model.net.IpAddress.parse(ip), 26).network().toString();
        String segment = cidr.replace('/', '-');
        JsonNode block = new ObjectMapper().readTree(etcdctlGet("/calico/ipam/v2/assignment/ipv4/block/" + segment));
        assertEquals("host:node-e", block.get("affinity").asText());
        assertEquals("{\"state\":\"confirmed\",\"deleted\":false}", etcdctlGet("/calico/ipam/v2/host/node-e/ipv4/block/" + segment));
        assertEquals("{\"block\":{\"" + cidr + "\":1},\"deleted\":false}", etcdctlGet("/calico/ipam/v2/handle/cli-h"));
        assertEquals(0, CliConformanceTest.run("--datastore", ds, "ipam", "check").code());
        assertEquals(0, CliConformanceTest.run("--datastore", ds, "ipam", "release", "--ip", ip).code());
        assertEquals("", etcdctlGet("/calico/ipam/v2/handle/cli-h"), "the emptied handle is deleted");
    }

    @Test
    void noPasswordInTheErrorsOfMistypedDatastoresOrCalicoctlsVariables() {
        for (String ds : new String[] {"etdc://admin:hunter2@127.0.0.1:2379", "etcd://admin:hun%ter2@127.0.0.1:2379",
                "etcd://admin:hun ter2@127.0.0.1:2379"}) {
            CliConformanceTest.Run r = CliConformanceTest.run("--datastore", ds, "get", "ippools");
            assertTrue(r.code() != 0, ds);
            assertTrue(!r.err().contains("hun") && !r.out().contains("hun"), ds + " -> " + r.err());
        }
        String resolved = DatastoreOptions.resolve(null, Map.of("DATASTORE_TYPE", "etcdv3", "ETCD_ENDPOINTS", "http://127.0.0.1:2379 x",
                "ETCD_USERNAME", "admin", "ETCD_PASSWORD", "hunter2"));
        assertTrue(!resolved.contains("hunter2"), resolved);
        CliConformanceTest.Run r = CliConformanceTest.run("--datastore", resolved, "get", "ippools");
        assertTrue(r.code() != 0 && !r.err().contains("hunter2"), r.err());
    }

    @Test
    void getListsTheReadablePoolsAndWarnsAboutAForeignOne() throws Exception {
        String ds = etcd.uri("15s").toString();
        assertEquals(0, CliConformanceTest.run("--datastore", ds, "apply", "-f", "../manifests/ippool-nat-outgoing.yaml").code());
        String key = "/calico/resources/v3/projectcalico.org/ippools/from-newer-calico";
        Process p = new ProcessBuilder(List.of("etcdctl", "--endpoints=" + etcd.endpoint(), "put", key,
                "{\"kind\":\"IPPool\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"from-newer-calico\"},"
                        + "\"spec\":{\"cidr\":\"10.250.0.0/16\",\"futureField\":1}}")).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0);
        try {
            CliConformanceTest.Run get = CliConformanceTest.run("--datastore", ds, "get", "ippools");
            assertEquals(0, get.code(), get.err());
            assertTrue(get.out().contains("ippool-ext-1"), get.out());
            assertTrue(get.err().contains("warning: skipped " + key) && get.err().contains("futureField"), get.err());
        } finally {
            new ProcessBuilder(List.of("etcdctl", "--endpoints=" + etcd.endpoint(), "del", key)).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
