package org.calico4j.client.etcd;

import java.time.Duration;

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
        etcd.clearCalicoKeys();
        return EtcdDatastore.open(etcd.options(Duration.ofSeconds(15)));
    }

    @Override
    protected void compactHistory() {
        ((EtcdDatastore) ds).compact(ds.revision());
    }
}
