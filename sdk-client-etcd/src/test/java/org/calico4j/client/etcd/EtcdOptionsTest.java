package org.calico4j.client.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.calico4j.client.DatastoreException;
import org.junit.jupiter.api.Test;

class EtcdOptionsTest {
    @Test
    void readsEndpointsTimeoutTlsFilesAndCredentialsFromTheUri() {
        EtcdOptions o = EtcdOptions.fromUri(URI.create("etcds://admin:s%40cret@10.0.0.1:2379,10.0.0.2:2379"
                + "?timeout=2s&ca=/etc/ca.pem&cert=/etc/c.pem&key=/etc/k.pem"));
        assertEquals(List.of("https://10.0.0.1:2379", "https://10.0.0.2:2379"), o.endpoints());
        assertEquals(Duration.ofSeconds(2), o.timeout());
        assertEquals(Path.of("/etc/ca.pem"), o.caFile());
        assertEquals(Path.of("/etc/k.pem"), o.keyFile());
        assertEquals("admin", o.user());
        assertEquals("s@cret", o.password());
        assertTrue(o.tls());
        assertEquals(EtcdOptions.DEFAULT_TIMEOUT, EtcdOptions.fromUri(URI.create("etcd://127.0.0.1:2379")).timeout());
    }

    @Test
    void thePasswordNeverAppearsInTextForms() {
        EtcdOptions o = EtcdOptions.fromUri(URI.create("etcd://admin:topsecret@127.0.0.1:2379"));
        assertFalse(o.toString().contains("topsecret"), o.toString());
        assertEquals("etcd://admin:***@127.0.0.1:2379", EtcdOptions.redact(URI.create("etcd://admin:topsecret@127.0.0.1:2379")));
        try (EtcdDatastore ds = EtcdDatastore.open(o)) {
            assertFalse(ds.describe().contains("topsecret"));
        }
    }

    @Test
    void rejectsWhatCannotBeAnEndpointOrOption() {
        for (String bad : new String[] {"etcd://", "etcd://host-without-port", "etcd://127.0.0.1:2379?tls=yes",
                "etcd://127.0.0.1:2379?timeout=soon", "etcd://127.0.0.1:2379?timeout=-1s", "etcd://a/b:1;rm:2379"}) {
            DatastoreException e = assertThrows(DatastoreException.class, () -> org.calico4j.client.spi.Datastores.open(bad), bad);
            assertFalse(e.retryable());
        }
    }

    @Test
    void noMessageQuotesThePasswordEvenForAMalformedUri() {
        // A mistyped scheme, a stray '%', a space, an unencoded '@', '?' or '/' in the password, no scheme at all.
        for (String bad : new String[] {"etdc://admin:hunter2@127.0.0.1:2379", "etcd://admin:hun%ter2@127.0.0.1:2379",
                "etcd://admin:hun ter2@127.0.0.1:2379", "etcd://admin:hu@nter2@127.0.0.1:2379?tls=1", "etcd://admin:hun?ter2@127.0.0.1:2379",
                "etcd://admin:hun/ter2@127.0.0.1:2379", "admin:hunter2@127.0.0.1:2379", "etcd://admin:hunter2@", "etcd://admin:hunter2@host",
                "etcd://admin:hunter2@127.0.0.1:2379?tls=1", "etcd://admin:%zzhunter2@127.0.0.1:2379"}) {
            DatastoreException e = assertThrows(DatastoreException.class, () -> org.calico4j.client.spi.Datastores.open(bad), bad);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("hun") || String.valueOf(t.getMessage()).contains("ter2"),
                        bad + " -> " + t.getMessage());
            }
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void aPasswordFileOrTheEnvironmentKeepsThePasswordOutOfTheUri() throws Exception {
        java.nio.file.Path f = Files.createTempFile("etcd-pw", ".txt");
        try {
            Files.writeString(f, "from-file\n");
            URI fromFile = URI.create("etcd://admin@127.0.0.1:2379?passwordFile=" + f);
            assertEquals("from-file", EtcdOptions.fromUri(fromFile, Map.of(EtcdOptions.PASSWORD_ENV, "ignored")).password());
            URI user = URI.create("etcd://admin@127.0.0.1:2379");
            assertEquals("from-env", EtcdOptions.fromUri(user, Map.of(EtcdOptions.PASSWORD_ENV, "from-env", "ETCD_PASSWORD", "x")).password());
            assertEquals("calicoctl", EtcdOptions.fromUri(user, Map.of("ETCD_PASSWORD", "calicoctl")).password());
            assertEquals("in-uri", EtcdOptions.fromUri(URI.create("etcd://admin:in-uri@127.0.0.1:2379"),
                    Map.of(EtcdOptions.PASSWORD_ENV, "from-env")).password());
            assertEquals(null, EtcdOptions.fromUri(URI.create("etcd://127.0.0.1:2379"), Map.of(EtcdOptions.PASSWORD_ENV, "x")).password(),
                    "no user, no password");
            Files.delete(f);
            DatastoreException missing = assertThrows(DatastoreException.class, () -> EtcdOptions.fromUri(fromFile, Map.of()));
            assertTrue(missing.getMessage().contains(f.toString()), missing.getMessage());
            assertThrows(DatastoreException.class, () -> EtcdOptions.fromUri(
                    URI.create("etcd://admin:x@127.0.0.1:2379?passwordFile=" + f), Map.of()), "one password, not two");
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
