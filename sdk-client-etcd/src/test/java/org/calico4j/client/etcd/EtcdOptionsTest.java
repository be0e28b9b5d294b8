package org.calico4j.client.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
}
