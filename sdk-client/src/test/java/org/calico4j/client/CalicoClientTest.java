package org.calico4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.calico4j.client.memory.MemoryDatastore;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.Datastores;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.validation.ValidationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CalicoClientTest {
    private final CalicoClient client = CalicoClient.inMemory();

    @AfterEach
    void close() {
        client.close();
    }

    private static IpPool pool(String name, String cidr) {
        return IpPool.builder().name(name).spec(IpPoolSpec.builder().cidr(cidr).build()).build();
    }

    @Test
    void createDefaultsValidatesAndSetsCalicoMetadata() {
        IpPool created = client.ipPools().create(pool("p1", "10.0.0.0/16"));
        assertEquals(26, created.spec().blockSize());
        assertEquals("Never", created.spec().ipipMode());
        assertFalse(created.metadata().uid().isEmpty());
        assertTrue(created.metadata().creationTimestamp().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertEquals(Long.toString(client.datastore().revision()), created.metadata().resourceVersion());
        assertEquals(created, client.ipPools().withName("p1").require());
    }

    /**
     * Each create gets a uid of its own, a random version 4 UUID as the API server's (the client draws them 256 to a
     * 4 KiB read, so 1,000 creates cross several reads); a uid or creation time given is kept, a selfLink is not.
     */
    @Test
    void eachCreateGetsARandomVersion4UidAndKeepsAUidGiven() {
        java.util.Set<String> uids = new java.util.HashSet<>();
        long[] ones = new long[2];
        long[] zeros = new long[2];
        for (int i = 0; i < 1_000; i++) {
            String uid = client.ipPools().create(pool("p" + i, "10." + (i / 256) + "." + (i % 256) + ".0/24")).metadata().uid();
            java.util.UUID u = java.util.UUID.fromString(uid);
            assertEquals(uid, u.toString(), "canonical lower-case text");
            assertEquals(4, u.version(), uid);
            assertEquals(2, u.variant(), uid);
            assertTrue(uids.add(uid), () -> "a uid given twice: " + uid);
            long[] bits = {u.getMostSignificantBits(), u.getLeastSignificantBits()};
            for (int h = 0; h < 2; h++) {
                ones[h] |= bits[h];
                zeros[h] |= ~bits[h];
            }
        }
        // The bits that took both values: every one but the version's and the variant's.
        assertEquals(Long.toHexString(~0xF000L), Long.toHexString(ones[0] & zeros[0]), "the uids' high half");
        assertEquals(Long.toHexString(0x3FFF_FFFF_FFFF_FFFFL), Long.toHexString(ones[1] & zeros[1]), "the uids' low half");
        IpPool given = client.ipPools().create(IpPool.builder().metadata(ObjectMeta.builder().name("given")
                .uid("0c5e7b0e-1111-4222-8333-944455556666").creationTimestamp("2026-01-02T03:04:05Z")
                .selfLink("/apis/projectcalico.org/v3/ippools/given").build())
                .spec(IpPoolSpec.builder().cidr("172.16.0.0/24").build()).build());
        assertEquals("0c5e7b0e-1111-4222-8333-944455556666", given.metadata().uid());
        assertEquals("2026-01-02T03:04:05Z", given.metadata().creationTimestamp());
        assertEquals("", given.metadata().selfLink(), "a selfLink given is not stored");
    }

    @Test
    void createRejectsWhatCalicoRejectsAndWritesNothing() {
        ValidationException e = assertThrows(ValidationException.class, () -> client.ipPools().create(pool("p1", "10.0.0.1/16")));
        assertTrue(e.getMessage().contains("IPPool CIDR is not strictly masked"), e.getMessage());
        assertTrue(client.ipPools().list().items().isEmpty());
        assertEquals(0, client.datastore().revision());
        ValidationException rv = assertThrows(ValidationException.class, () -> client.ipPools().create(
                pool("p2", "10.1.0.0/16").withMetadata(ObjectMeta.builder().name("p2").resourceVersion("5").build())));
        assertEquals("Metadata.ResourceVersion = '5' (field must not be set for a Create request)", rv.violations().get(0).toString());
    }

    @Test
    void overlappingPoolsGetCalicosErrorOnCreate() {
        client.ipPools().create(pool("a", "10.0.0.0/16"));
        ValidationException e = assertThrows(ValidationException.class, () -> client.ipPools().create(pool("b", "10.0.0.0/8")));
        assertEquals("IPPool(b) CIDR overlaps with IPPool(a) CIDR 10.0.0.0/16", e.violations().get(0).reason());
        AlreadyExistsException again = assertThrows(AlreadyExistsException.class, () -> client.ipPools().create(pool("a", "10.0.0.0/16")));
        assertEquals("a", again.current().orElseThrow().name());
    }

    /**
     * An update's resourceVersion is read as a positive decimal number, as Calico's client parses it: leading zeros and a
     * plus sign name the same revision, anything else (other signs, non-ASCII digits, past a long) is refused naming the value, and a number past the stored revision
     * is a conflict.
     */
    @Test
    void anUpdatesResourceVersionIsReadAsCalicoReadsIt() {
        IpPool v1 = client.ipPools().create(pool("p", "10.0.0.0/16"));
        String rv = v1.metadata().resourceVersion();
        IpPool padded = client.ipPools().update(withVersion(v1, "000" + rv).withSpec(v1.spec().withNatOutgoing(true)));
        IpPool signed = client.ipPools().update(withVersion(padded, "+" + padded.metadata().resourceVersion()));
        assertEquals(Long.parseLong(rv) + 2, Long.parseLong(signed.metadata().resourceVersion()));
        for (String bad : List.of("abc", "0", "-3", "1e3", "1:", "/5", "\u0665", "+", "++5", "9223372036854775808", "9999999999999999999", "99999999999999999999")) {
            ValidationException e = assertThrows(ValidationException.class, () -> client.ipPools().update(withVersion(signed, bad)));
            assertEquals("Metadata.ResourceVersion = '" + bad + "' (invalid resource version: must be a positive integer)",
                    e.violations().get(0).toString(), bad);
        }
        assertThrows(ConflictException.class, () -> client.ipPools().update(withVersion(signed, "999999999999999999")));
        assertThrows(ConflictException.class, () -> client.ipPools().update(withVersion(signed, "9223372036854775807")));
    }

    private static IpPool withVersion(IpPool p, String rv) {
        return p.withMetadata(ObjectMeta.builder().from(p.metadata()).resourceVersion(rv).build());
    }

    @Test
    void staleUpdatesConflictCarryingTheCurrentObject() {
        IpPool v1 = client.ipPools().create(pool("p", "10.0.0.0/16"));
        IpPool v2 = client.ipPools().update(v1.withSpec(v1.spec().withNatOutgoing(true)));
        assertNotEquals(v1.metadata().resourceVersion(), v2.metadata().resourceVersion());
        assertEquals(v1.metadata().uid(), v2.metadata().uid(), "the store keeps the uid");
        ConflictException e = assertThrows(ConflictException.class, () -> client.ipPools().update(v1));
        assertEquals(v2, e.current().orElseThrow());
        assertTrue(e.getMessage().startsWith("update conflict: IPPool(p)"), e.getMessage());
    }

    /**
     * An update keeps the stored uid and creation time when the caller leaves them out, takes them from the caller
     * when given (as the builder path always did), and never stores a selfLink: the value read back and edited, and
     * the same metadata spelt out by hand, store alike.
     */
    @Test
    void anUpdateKeepsTheStoredUidAndCreationTimeWhenLeftOutAndNeverStoresASelfLink() {
        IpPool v1 = client.ipPools().create(pool("p", "10.0.0.0/16"));
        ObjectMeta stored = v1.metadata();
        assertFalse(stored.uid().isEmpty());
        assertFalse(stored.creationTimestamp().isEmpty());
        IpPool edited = client.ipPools().update(v1.withSpec(v1.spec().withNatOutgoing(true)));
        assertEquals(stored.uid(), edited.metadata().uid());
        assertEquals(stored.creationTimestamp(), edited.metadata().creationTimestamp());
        IpPool bare = client.ipPools().update(edited.withMetadata(ObjectMeta.builder().name("p")
                .resourceVersion(edited.metadata().resourceVersion()).build()).withSpec(v1.spec()));
        assertEquals(stored.uid(), bare.metadata().uid(), "left out: the stored uid");
        assertEquals(stored.creationTimestamp(), bare.metadata().creationTimestamp(), "left out: the stored creation time");
        IpPool noUid = client.ipPools().update(bare.withMetadata(ObjectMeta.builder().from(bare.metadata()).uid("").build()));
        assertEquals(stored.uid(), noUid.metadata().uid(), "only the uid left out: the stored uid");
        IpPool noTime = client.ipPools().update(noUid.withMetadata(ObjectMeta.builder().from(noUid.metadata())
                .creationTimestamp("").build()));
        assertEquals(stored.creationTimestamp(), noTime.metadata().creationTimestamp(), "only the time left out: the stored one");
        IpPool linked = client.ipPools().update(noTime.withMetadata(ObjectMeta.builder().from(noTime.metadata())
                .selfLink("/apis/projectcalico.org/v3/ippools/p").build()));
        assertEquals("", linked.metadata().selfLink(), "a selfLink given is not stored");
        assertEquals(stored.uid(), linked.metadata().uid());
        IpPool given = client.ipPools().update(linked.withMetadata(ObjectMeta.builder().from(linked.metadata())
                .uid("0c5e7b0e-1111-4222-8333-944455556666").build()));
        assertEquals("0c5e7b0e-1111-4222-8333-944455556666", given.metadata().uid(), "given: the caller's uid");
        assertEquals(stored.creationTimestamp(), given.metadata().creationTimestamp());
        assertEquals(given, client.ipPools().withName("p").require());
    }

    @Test
    void cidrAndBlockSizeAreImmutable() {
        IpPool v1 = client.ipPools().create(pool("p", "10.0.0.0/16"));
        ValidationException e = assertThrows(ValidationException.class, () -> client.ipPools().update(
                v1.withSpec(IpPoolSpec.builder().from(v1.spec()).cidr("10.1.0.0/16").build())));
        assertEquals("IPPool CIDR cannot be modified", e.violations().get(0).reason());
        ValidationException b = assertThrows(ValidationException.class, () -> client.ipPools().update(
                v1.withSpec(IpPoolSpec.builder().from(v1.spec()).blockSize(28).build())));
        assertEquals("IPPool BlockSize cannot be modified", b.violations().get(0).reason());
    }

    @Test
    void applyCreatesThenUpdates() {
        IpPool a = client.ipPools().apply(pool("p", "10.0.0.0/16"));
        IpPool b = client.ipPools().apply(IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("10.0.0.0/16").natOutgoing(true).build()).build());
        assertTrue(b.spec().natOutgoing());
        assertEquals(Long.parseLong(a.metadata().resourceVersion()) + 1, Long.parseLong(b.metadata().resourceVersion()));
    }

    @Test
    void dryRunValidatesButWritesNothing() {
        IpPool would = client.ipPools().dryRun().create(pool("p", "10.0.0.0/16"));
        assertEquals(26, would.spec().blockSize());
        assertTrue(client.ipPools().withName("p").get().isEmpty());
        assertThrows(ValidationException.class, () -> client.ipPools().dryRun().create(pool("q", "10.0.0.0/33")));
        client.ipPools().create(pool("p", "10.0.0.0/16"));
        client.ipPools().dryRun().withName("p").delete();
        assertTrue(client.ipPools().withName("p").get().isPresent());
        assertEquals(1, client.datastore().revision());
    }

    @Test
    void deleteHonoursTheRevisionPrecondition() {
        IpPool v1 = client.ipPools().create(pool("p", "10.0.0.0/16"));
        client.ipPools().withName("p").edit(p -> p.withSpec(p.spec().withNatOutgoing(true)));
        assertThrows(ConflictException.class, () -> client.ipPools().delete(v1));
        IpPool gone = client.ipPools().withName("p").delete();
        assertTrue(gone.spec().natOutgoing());
        assertThrows(NotFoundException.class, () -> client.ipPools().withName("p").require());
        assertEquals("resource does not exist: IPPool(p)",
                assertThrows(NotFoundException.class, () -> client.ipPools().withName("p").delete()).getMessage());
    }

    @Test
    void listFiltersByLabelSelector() {
        client.ipPools().create(IpPool.builder().metadata(ObjectMeta.builder().name("a").putLabels("env", "prod").build())
                .spec(IpPoolSpec.builder().cidr("10.0.0.0/16").build()).build());
        client.ipPools().create(pool("b", "10.1.0.0/16"));
        assertEquals(List.of("a"), client.ipPools().list("env == 'prod'").items().stream().map(IpPool::name).toList());
        assertEquals(2, client.ipPools().list().items().size());
        assertEquals(client.datastore().revision(), client.ipPools().list().revision());
    }

    /** A listing is a list nobody can change, equal to its copy. */
    @Test
    void aListingIsImmutableAndEqualToItsCopy() {
        client.ipPools().create(pool("a", "10.0.0.0/16"));
        client.ipPools().create(pool("b", "10.1.0.0/16"));
        ResourceList<IpPool> l = client.ipPools().list();
        List<IpPool> items = l.items();
        assertEquals(List.copyOf(items), items);
        assertEquals(List.copyOf(items).hashCode(), items.hashCode());
        assertEquals(List.of("a", "b"), items.stream().map(IpPool::name).toList());
        assertThrows(UnsupportedOperationException.class, () -> items.add(pool("c", "10.2.0.0/16")));
        assertThrows(UnsupportedOperationException.class, () -> items.set(0, pool("c", "10.2.0.0/16")));
        assertThrows(UnsupportedOperationException.class, () -> items.remove(0));
        assertThrows(IndexOutOfBoundsException.class, () -> items.get(2));
        assertEquals(items, new ResourceList<>(items, l.revision()).items());
        // The listing is of its revision: later writes do not show through it.
        IpPool a = items.get(0);
        client.ipPools().update(a.withSpec(a.spec().withNatOutgoing(!a.spec().natOutgoing())));
        client.ipPools().withName("b").delete();
        assertEquals(List.of("a", "b"), items.stream().map(IpPool::name).toList());
        assertEquals(a, items.get(0));
        assertEquals(a.spec().natOutgoing(), l.items().get(0).spec().natOutgoing());
        assertEquals(1, client.ipPools().list().items().size());
    }

    @Test
    void bgpChecksThatNeedTheDatastore() {
        ValidationException e = assertThrows(ValidationException.class, () -> client.bgpPeers().create(BgpPeer.builder().name("p")
                .spec(BgpPeerSpec.builder().peerIP("10.0.0.1").addFilters("f").build()).build()));
        assertEquals("BGPFilter(s) not found", e.violations().get(0).reason());
        ValidationException c = assertThrows(ValidationException.class, () -> client.bgpConfigurations().create(BgpConfiguration.builder()
                .name("node.n1").spec(BgpConfigurationSpec.builder().asNumber(AsNumber.of(64512)).build()).build()));
        assertEquals("Cannot set ASNumber on a non default BGP Configuration.", c.violations().get(0).reason());
    }

    @Test
    void watchDeliversTypedEventsWithResourceVersions() throws Exception {
        BlockingQueue<WatchEvent<IpPool>> events = new LinkedBlockingQueue<>();
        client.ipPools().create(pool("existing", "10.9.0.0/16"));
        try (Watch w = client.ipPools().watch(events::add)) {
            IpPool p = client.ipPools().create(pool("p", "10.0.0.0/16"));
            client.ipPools().withName("p").delete();
            WatchEvent<IpPool> initial = events.poll(10, TimeUnit.SECONDS);
            assertEquals(WatchEvent.Type.ADDED, initial.type());
            assertEquals("existing", initial.object().name());
            WatchEvent<IpPool> added = events.poll(10, TimeUnit.SECONDS);
            assertEquals(p, added.object());
            WatchEvent<IpPool> disabled = events.poll(10, TimeUnit.SECONDS);
            assertEquals(WatchEvent.Type.MODIFIED, disabled.type(), "Calico disables a pool before deleting it");
            assertTrue(disabled.object().spec().disabled());
            WatchEvent<IpPool> deleted = events.poll(10, TimeUnit.SECONDS);
            assertEquals(WatchEvent.Type.DELETED, deleted.type());
            assertEquals("p", deleted.object().name());
        }
    }

    @Test
    void applyOfAManifestStopsAtTheFirstFailureAndReportsWhatWasApplied() {
        Manifest m = Manifest.of(pool("a", "10.0.0.0/16"), pool("b", "10.0.0.0/24"), pool("c", "10.2.0.0/16"));
        ApplyResult r = client.apply(m);
        assertFalse(r.succeeded());
        assertEquals(List.of("a"), r.applied().stream().map(x -> x.name()).toList());
        assertEquals("b", r.failedResource().orElseThrow().name());
        assertTrue(client.ipPools().withName("c").get().isEmpty());
    }

    @Test
    void datastoresAreFoundByUriSchemeAndAnInstanceWins() {
        try (CalicoClient c = CalicoClient.connect("memory:"); CalicoClient d = CalicoClient.connect(URI.create("memory:/"))) {
            d.ipPools().create(pool("a", "10.0.0.0/16"));
            c.ipPools().create(pool("a", "10.0.0.0/16"));
        }
        DatastoreException unknown = assertThrows(DatastoreException.class, () -> CalicoClient.connect(URI.create("nope://x")));
        assertTrue(unknown.getMessage().contains("memory"), unknown.getMessage());
        assertTrue(Datastores.schemes().contains("memory"));
        Datastore mine = MemoryDatastore.create();
        try (CalicoClient c = CalicoClient.builder().uri(URI.create("nope://ignored")).datastore(mine).build()) {
            c.ipPools().create(pool("a", "10.0.0.0/16"));
        }
        assertEquals(1, mine.list(org.calico4j.model.Kind.IP_POOL, 0).items().size(), "the caller's store stays open");
        mine.close();
    }

    @Test
    void workloadEndpointsAreNamedFromTheirSpecAndScopedToANamespace() {
        org.calico4j.model.WorkloadEndpointSpec spec = org.calico4j.model.WorkloadEndpointSpec.builder().orchestrator("k8s")
                .node("node1").pod("my-pod").endpoint("eth0").interfaceName("cali1").addIpNetworks("10.244.1.5/32").build();
        org.calico4j.model.WorkloadEndpoint unnamed = org.calico4j.model.WorkloadEndpoint.builder()
                .metadata(org.calico4j.model.ObjectMeta.builder().build()).spec(spec).build();
        org.calico4j.model.WorkloadEndpoint inDefault = client.workloadEndpoints().create(unnamed);
        assertEquals("default", inDefault.metadata().namespace(), "calicoctl's default namespace");
        assertEquals("node1-k8s-my--pod-eth0", inDefault.name());
        org.calico4j.model.WorkloadEndpoint inA = client.workloadEndpoints().inNamespace("a").create(unnamed);
        assertEquals("a", inA.metadata().namespace());
        assertEquals(2, client.workloadEndpoints().list().items().size(), "the unscoped client lists every namespace");
        assertEquals(1, client.workloadEndpoints().inNamespace("a").list().items().size());
        assertTrue(client.workloadEndpoints().withName("node1-k8s-my--pod-eth0").get().isPresent(), "withName: default namespace");
        org.calico4j.model.validation.ValidationException e = assertThrows(org.calico4j.model.validation.ValidationException.class,
                () -> client.workloadEndpoints().create(unnamed.withMetadata(org.calico4j.model.ObjectMeta.named("other"))));
        assertTrue(e.getMessage().contains("expected name node1-k8s-my--pod-eth0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.ipPools().inNamespace("a"));
        client.workloadEndpoints().inNamespace("a").withName(inA.name()).delete();
        assertEquals(1, client.workloadEndpoints().list().items().size());
    }
}
