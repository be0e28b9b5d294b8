package org.calico4j.client.etcd;

import java.time.Duration;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.tck.DatastoreTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Datastore TCK against a real etcd; each test starts from an empty {@code /calico/} key space. */
class EtcdDatastoreTckTest extends DatastoreTck {
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
    protected Datastore open(int historyLimit) {
        try (Client raw = Client.builder().endpoints(etcd.endpoint()).build()) {
            raw.getKVClient().delete(ByteSequence.from("/calico/".getBytes()), DeleteOption.builder().isPrefix(true).build())
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot clear etcd", e);
        }
        return EtcdDatastore.open(etcd.options(Duration.ofSeconds(15)));
    }

    @Override
    protected void compactHistory() {
        ((EtcdDatastore) ds).compact(ds.revision());
    }
}
