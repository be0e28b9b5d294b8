package org.calico4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.ObjectMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Optimistic concurrency under load, through the public client API. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientReliabilityTest {
    static void eightThreadsEditOneLabelAThousandTimesEach(CalicoClient client) throws Exception {
        client.ipPools().create(IpPool.builder().metadata(ObjectMeta.builder().name("counter").putLabels("count", "0").build())
                .spec(IpPoolSpec.builder().cidr("10.0.0.0/16").build()).build());
        long r0 = client.datastore().revision();
        LinkedBlockingQueue<WatchEvent<IpPool>> seen = new LinkedBlockingQueue<>();
        int threads = 8;
        int each = 1_000;
        try (Watch w = client.ipPools().watch(r0, seen::add)) {
            ExecutorService exec = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(exec.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        client.ipPools().withName("counter").edit(p -> p.withMetadata(p.metadata().withLabels(
                                java.util.Map.of("count", Integer.toString(Integer.parseInt(p.metadata().labels().get("count")) + 1)))));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(150, TimeUnit.SECONDS);
            }
            exec.shutdown();
            assertEquals(Integer.toString(threads * each), client.ipPools().withName("counter").require().metadata().labels().get("count"));
            // The watcher started at r0 sees every later revision exactly once, in order.
            for (int i = 1; i <= threads * each; i++) {
                WatchEvent<IpPool> e = seen.poll(30, TimeUnit.SECONDS);
                assertNotNull(e, "missing event " + i);
                assertEquals(r0 + i, e.revision());
                assertEquals(Integer.toString(i), e.object().metadata().labels().get("count"));
            }
            assertEquals(null, seen.poll(200, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void concurrentEditsOnTheFileStoreLoseNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (CalicoClient client = CalicoClient.connect(dir.resolve("store").toUri())) {
            eightThreadsEditOneLabelAThousandTimesEach(client);
        }
        try (CalicoClient reopened = CalicoClient.connect(dir.resolve("store").toUri())) {
            org.junit.jupiter.api.Assertions.assertEquals("8000",
                    reopened.ipPools().withName("counter").require().metadata().labels().get("count"), "durable across reopen");
        }
    }

    @Test
    void concurrentEditsOnTheMemoryStoreLoseNothing() throws Exception {
        try (CalicoClient client = CalicoClient.inMemory()) {
            eightThreadsEditOneLabelAThousandTimesEach(client);
        }
    }
}
