package org.calico4j.client.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.calico4j.client.AlreadyExistsException;
import org.calico4j.client.CalicoClient;
import org.calico4j.client.ipam.IpamException;
import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

class CniTest {
    private static IpPool pool(String name, String cidr, Map<String, String> labels) {
        return IpPool.builder().metadata(ObjectMeta.builder().name(name).labels(labels).build())
                .spec(IpPoolSpec.builder().cidr(cidr).build()).build();
    }

    private static List<IpAddress> held(CalicoClient client, String handle) {
        try {
            return client.ipam().ipsByHandle(handle);
        } catch (org.calico4j.client.NotFoundException e) {
            return List.of();
        }
    }

    private static void node(CalicoClient client, String name) {
        client.nodes().create(Node.builder().name(name).spec(NodeSpec.builder().build()).build());
    }

    @Test
    void addAssignsFromTheChosenPoolsAndCreatesTheEndpointAsCalicosCniDoes() {
        try (CalicoClient client = CalicoClient.inMemory()) {
            node(client, "node-1");
            client.ipPools().create(pool("web", "10.1.0.0/16", Map.of("tier", "web")));
            client.ipPools().create(pool("db", "10.2.0.0/16", Map.of("tier", "db")));
            WorkloadEndpoint wep = client.cni().add(CniRequest.pod("node-1", "prod", "web-0").containerId("c0ffee")
                    .poolSelector("tier == 'db'").labels(Map.of("app", "web")));
            assertEquals("node--1-k8s-web--0-eth0", wep.name());
            assertEquals("prod", wep.metadata().namespace());
            assertEquals(Cni.vethName("prod", "web-0"), wep.spec().interfaceName());
            assertTrue(wep.spec().interfaceName().matches("cali[0-9a-f]{11}"), wep.spec().interfaceName());
            assertEquals(List.of("kns.prod"), wep.spec().profiles());
            assertEquals("web", wep.metadata().labels().get("app"));
            IpAddress ip = client.ipam().ipsByHandle("k8s-pod-network.c0ffee").get(0);
            assertTrue(Cidr.parse("10.2.0.0/16").containsAddress(ip), ip.toString());
            assertEquals(List.of(ip + "/32"), wep.spec().ipNetworks());

            WorkloadEndpoint second = client.cni().add(CniRequest.pod("node-1", "prod", "web-1").pools(List.of(Cidr.parse("10.1.0.0/16"))));
            assertTrue(second.spec().ipNetworks().get(0).startsWith("10.1."), second.spec().ipNetworks().toString());

            assertEquals(List.of(ip), client.cni().delete(CniRequest.pod("node-1", "prod", "web-0").containerId("c0ffee")));
            assertTrue(client.workloadEndpoints().inNamespace("prod").withName(wep.name()).get().isEmpty());
            assertTrue(held(client, "k8s-pod-network.c0ffee").isEmpty());
            assertEquals(List.of(), client.cni().delete(CniRequest.pod("node-1", "prod", "web-0").containerId("c0ffee")), "DEL twice");
        }
    }

    @Test
    void nothingIsKeptWhenTheEndpointCannotBeCreatedOrNoPoolMatches() {
        try (CalicoClient client = CalicoClient.inMemory()) {
            node(client, "n1");
            client.ipPools().create(pool("web", "10.1.0.0/16", Map.of()));
            client.cni().add(CniRequest.pod("n1", "default", "a"));
            assertThrows(AlreadyExistsException.class, () -> client.cni().add(CniRequest.pod("n1", "default", "a").containerId("other")));
            assertTrue(held(client, "k8s-pod-network.other").isEmpty(),
                    "the second pod's address was released");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> client.cni().add(CniRequest.pod("n1", "default", "b").poolSelector("tier == 'none'")));
            assertTrue(e.getMessage().contains("no IP pool matches the pool selector 'tier == 'none''"), e.getMessage());
            assertThrows(IpamException.class, () -> client.cni().add(CniRequest.pod("n1", "default", "c").ipv6(1)));
            assertTrue(held(client, "k8s-pod-network.c").isEmpty(),
                    "all or nothing");
        }
    }

    @Test
    void poolsCanBeChosenByNameAsTheAnnotationAllowsAndAnUnknownNameIsNamed() {
        try (CalicoClient client = CalicoClient.inMemory()) {
            node(client, "n1");
            client.ipPools().create(pool("web", "10.1.0.0/16", Map.of()));
            client.ipPools().create(pool("db", "10.2.0.0/16", Map.of()));
            for (int i = 0; i < 3; i++) {
                WorkloadEndpoint w = client.cni().add(CniRequest.pod("n1", "default", "db-" + i).poolNames(List.of("db")));
                assertTrue(w.spec().ipNetworks().get(0).startsWith("10.2."), w.spec().ipNetworks().toString());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> client.cni().add(CniRequest.pod("n1", "default", "x").poolNames(List.of("dbb"))));
            assertTrue(e.getMessage().contains("no IP pool named 'dbb'") && e.getMessage().contains("[db, web]")
                    || e.getMessage().contains("[web, db]"), e.getMessage());
            assertTrue(held(client, "k8s-pod-network.x").isEmpty());
        }
    }

    @Test
    void nodeTunnelsFollowThePoolsIncludingAVxlanPoolAddedLater() {
        try (CalicoClient client = CalicoClient.inMemory()) {
            for (String n : List.of("n1", "n2")) {
                client.nodes().create(Node.builder().metadata(ObjectMeta.builder().name(n).labels(Map.of("rack", n)).build())
                        .spec(NodeSpec.builder().bgp(NodeBgpSpec.builder().ipv4Address("10.0.0." + n.charAt(1) + "/24").build()).build())
                        .build());
            }
            client.ipPools().create(IpPool.builder().name("ipip").spec(IpPoolSpec.builder().cidr("10.10.0.0/16")
                    .ipipMode(EncapsulationMode.ALWAYS).nodeSelector("rack == 'n1'").build()).build());
            client.nodeTunnels().reconcileAll();
            Node n1 = client.nodes().withName("n1").require();
            assertTrue(n1.spec().bgp().orElseThrow().ipv4IPIPTunnelAddr().startsWith("10.10."), n1.toString());
            assertEquals("", client.nodes().withName("n2").require().spec().bgp().orElseThrow().ipv4IPIPTunnelAddr(),
                    "the IPIP pool does not select n2");
            assertEquals("", n1.spec().ipv4VXLANTunnelAddr());

            client.ipPools().create(IpPool.builder().name("vxlan").spec(IpPoolSpec.builder().cidr("10.20.0.0/16")
                    .vxlanMode(EncapsulationMode.CROSS_SUBNET).build()).build());
            client.nodeTunnels().reconcileAll();
            for (String n : List.of("n1", "n2")) {
                Node node = client.nodes().withName(n).require();
                assertTrue(node.spec().ipv4VXLANTunnelAddr().startsWith("10.20."), node.toString());
                assertTrue(node.spec().vxlanTunnelMACAddr().matches("66(:[0-9a-f]{2}){5}"), node.spec().vxlanTunnelMACAddr());
                assertEquals(List.of(IpAddress.parse(node.spec().ipv4VXLANTunnelAddr())),
                        client.ipam().ipsByHandle("vxlan-tunnel-addr-" + n));
            }
            Node before = client.nodes().withName("n1").require();
            assertEquals(before, client.nodeTunnels().reconcile("n1"), "a second reconcile changes nothing");

            client.ipPools().withName("vxlan").delete();
            client.nodeTunnels().reconcile("n1");
            Node after = client.nodes().withName("n1").require();
            assertEquals("", after.spec().ipv4VXLANTunnelAddr());
            assertEquals("", after.spec().vxlanTunnelMACAddr());
            assertTrue(held(client, "vxlan-tunnel-addr-n1").isEmpty());
            assertEquals(before.spec().bgp().orElseThrow().ipv4IPIPTunnelAddr(), after.spec().bgp().orElseThrow().ipv4IPIPTunnelAddr());
        }
    }
}
