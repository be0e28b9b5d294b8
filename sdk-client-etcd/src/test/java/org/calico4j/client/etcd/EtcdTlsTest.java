package org.calico4j.client.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.DatastoreException;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS options reach etcd: a CA and a client certificate against an etcd that demands both. */
class EtcdTlsTest {
    @Test
    void caAndClientCertificatePassThrough(@TempDir Path dir) throws Exception {
        Path certs = TestCerts.create(dir);
        try (EtcdServer etcd = EtcdServer.startTls(certs)) {
            String hostPort = etcd.endpoint().substring("https://".length());
            String tls = "?timeout=10s&ca=" + certs.resolve("ca.pem") + "&cert=" + certs.resolve("client.pem")
                    + "&key=" + certs.resolve("client.key");
            try (CalicoClient client = CalicoClient.connect("etcds://" + hostPort + tls)) {
                client.ipPools().create(IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("10.0.0.0/16").build()).build());
                assertEquals(1, client.ipPools().list().items().size());
            }
            try (CalicoClient noClientCert = CalicoClient.connect("etcds://" + hostPort + "?timeout=5s&ca=" + certs.resolve("ca.pem"))) {
                assertThrows(DatastoreException.class, () -> noClientCert.ipPools().list());
            }
        }
    }
}
