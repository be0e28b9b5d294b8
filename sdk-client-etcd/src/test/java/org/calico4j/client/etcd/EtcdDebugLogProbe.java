package org.calico4j.client.etcd;

import java.net.URI;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.Watch;

/**
 * Run in a child JVM with every logger at DEBUG by {@link EtcdAuthTest}: connects with a user and
 * password, lists, watches and writes, so that whatever jetcd, gRPC, Netty and Vert.x log about
 * it can be searched for the auth token.
 */
public final class EtcdDebugLogProbe {
    private EtcdDebugLogProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (CalicoClient client = CalicoClient.connect(URI.create(args[0]))) {
            long rev = client.ipPools().list().revision();
            try (Watch w = client.ipPools().watch(rev, e -> System.out.println("event " + e.revision()))) {
                client.ipPools().create(EtcdWatchFaultTest.pool("probe", 1));
                Thread.sleep(500);
                client.ipPools().withName("probe").delete();
            }
        }
        System.out.println("probe done");
        System.exit(0);
    }
}
