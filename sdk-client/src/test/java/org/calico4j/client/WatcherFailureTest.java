package org.calico4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.ObjectMeta;
import org.junit.jupiter.api.Test;

/** An exception thrown by a Watcher is reported to it, not only logged (issue 15 item 16). */
class WatcherFailureTest {
    private static IpPool pool(String name, String cidr) {
        return IpPool.builder().metadata(ObjectMeta.named(name)).spec(IpPoolSpec.builder().cidr(cidr).build()).build();
    }

    @Test
    void aWatchersExceptionComesBackAsAWatcherFailedNoticeInOrderAndTheWatchGoesOn() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        RuntimeException boom = new IllegalArgumentException("cannot handle pool bad");
        try (CalicoClient client = CalicoClient.inMemory();
             Watch w = client.ipPools().watch(client.datastore().revision(), new Watcher<IpPool>() {
                 @Override
                 public void onEvent(WatchEvent<IpPool> e) {
                     if (e.object().name().equals("bad")) {
                         throw boom;
                     }
                     seen.add(e.object().name());
                 }

                 @Override
                 public void onNotice(WatchNotice n) {
                     seen.add(n);
                 }
             })) {
            client.ipPools().create(pool("bad", "10.1.0.0/16"));
            client.ipPools().create(pool("good", "10.2.0.0/16"));
            Object first = seen.poll(10, TimeUnit.SECONDS);
            WatchNotice n = (WatchNotice) first;
            assertEquals(WatchNotice.Type.WATCHER_FAILED, n.type());
            assertSame(boom, n.cause());
            assertEquals("IPPool(bad)", n.key());
            assertTrue(n.message().contains("the watcher threw on the ADDED event of IPPool(bad)")
                    && n.message().contains("cannot handle pool bad"), n.message());
            assertEquals("good", seen.poll(10, TimeUnit.SECONDS), "then the next event, in order");
        }
    }
}
