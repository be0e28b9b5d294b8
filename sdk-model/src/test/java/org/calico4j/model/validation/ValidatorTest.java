package org.calico4j.model.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    private static IpPool pool(String name, String cidr) {
        return IpPool.builder().name(name).spec(IpPoolSpec.builder().cidr(cidr).build()).build();
    }

    private static List<String> reasons(List<Violation> vs) {
        return vs.stream().map(Violation::reason).collect(Collectors.toList());
    }

    /**
     * A pool that already carries every default comes back as it is (an update of a stored pool does), and a pool
     * missing any one of them, or spelling its CIDR other than canonically, gets that one default or spelling.
     */
    @Test
    void aPoolMissingAnyOneDefaultGetsItAndAFullyDefaultedOneIsKept() {
        IpPoolSpec full = IpPoolSpec.builder().cidr("fd00::/120").blockSize(122).nodeSelector("all()")
                .allowedUses(List.of("Workload", "Tunnel")).assignmentMode("Automatic").ipipMode("Never").vxlanMode("Never")
                .build();
        IpPool whole = IpPool.builder().name("p").spec(full).build();
        assertTrue(Validator.standard().validate(whole) == whole, "nothing to default: the same pool");
        List<IpPoolSpec> missingOne = List.of(
                full.toBuilder().cidr("fd00:0::/120").build(),
                full.toBuilder().blockSize(0).build(),
                full.toBuilder().nodeSelector("").build(),
                full.toBuilder().allowedUses(List.<String>of()).build(),
                full.toBuilder().assignmentMode(Optional.empty()).build(),
                full.toBuilder().ipipMode("").build(),
                full.toBuilder().vxlanMode("").build());
        for (IpPoolSpec s : missingOne) {
            assertEquals(full, Validator.standard().validate(whole.withSpec(s)).spec(), s.toString());
        }
    }

    @Test
    void defaultsAPoolAsCalicoctlCreateDoes() {
        IpPool p = Validator.standard().validate(pool("p", "2001:DB8::/48"));
        IpPoolSpec s = p.spec();
        assertEquals("2001:db8::/48", s.cidr());
        assertEquals(122, s.blockSize());
        assertEquals("Never", s.ipipMode());
        assertEquals("Never", s.vxlanMode());
        assertEquals("all()", s.nodeSelector());
        assertEquals(List.of("Workload", "Tunnel"), s.allowedUses());
        assertEquals(Optional.of("Automatic"), s.assignmentMode());
        assertEquals(Optional.of(EncapsulationMode.NEVER), s.ipipEncapsulation());
    }

    @Test
    void rejectsPoolSmallerThanBlock() {
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.standard().validate(pool("p", "10.0.0.0/27")));
        assertEquals(List.of("IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size."),
                reasons(e.violations()));
        assertEquals("IPPool.Spec.CIDR", e.violations().get(0).field());
    }

    @Test
    void collectsEveryViolationAtOnceAndRendersThemLikeCalico() {
        IpPool bad = IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("fd5f::1/123").ipipMode("Always").build()).build();
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.standard().validate(bad));
        assertEquals(3, e.violations().size(), e.getMessage());
        assertEquals("IPPool \"p\": error with the following fields:\n"
                + "-  IPPool.Spec.CIDR = 'fd5f::/123' (IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.)\n"
                + "-  IPPool.Spec.IPIPMode = 'Always' (IPIP is not supported on an IPv6 IP pool)\n"
                + "-  IPPool.Spec.CIDR = 'fd5f::/123' (IPPool CIDR is not strictly masked)\n", e.getMessage());
        assertEquals(Kind.IP_POOL, e.kind());
        assertEquals("p", e.resourceName());
    }

    @Test
    void rejectsOverlapWithAnExistingPoolOnCreateOnly() {
        ValidationContext ctx = new ValidationContext() {
            @Override
            public List<IpPool> existingPools() {
                return List.of(pool("old", "10.0.0.0/16"));
            }
        };
        ValidationException e = assertThrows(ValidationException.class,
                () -> Validator.withContext(ctx).validate(pool("new", "10.0.128.0/24")));
        assertEquals("IPPool(new) CIDR overlaps with IPPool(old) CIDR 10.0.0.0/16", e.violations().get(0).reason());
        assertTrue(Validator.withContext(ctx).check(pool("other", "10.1.0.0/16")).isEmpty());
    }

    @Test
    void cidrAndBlockSizeAreImmutableOnUpdateButCanonicalRespellingIsAllowed() {
        IpPool stored = Validator.standard().validate(pool("p", "fd00:10::/64"));
        ValidationContext update = new ValidationContext() {
            @Override
            public Optional<Resource> previous() {
                return Optional.of(stored);
            }
        };
        assertTrue(Validator.withContext(update).check(pool("p", "fd00:10:0::/64")).isEmpty());
        assertTrue(Validator.withContext(update).check(pool("p", "FD00:10::/64")).isEmpty());
        assertEquals(List.of("IPPool CIDR cannot be modified"),
                reasons(Validator.withContext(update).check(pool("p", "fd00:11::/64"))));
        IpPool otherBlock = IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("fd00:10::/64").blockSize(120).build()).build();
        assertEquals(List.of("IPPool BlockSize cannot be modified"), reasons(Validator.withContext(update).check(otherBlock)));
    }

    @Test
    void bgpPeerFiltersMustExist() {
        BgpPeer peer = BgpPeer.builder().name("p").spec(BgpPeerSpec.builder().peerIP("10.0.0.1").addFilters("f1", "f2").build()).build();
        List<Violation> vs = Validator.standard().check(peer);
        assertEquals("BGPPeer.Spec.Filters = '[f1 f2]' (BGPFilter(s) not found)", vs.get(0).toString());
        ValidationContext ctx = new ValidationContext() {
            @Override
            public boolean bgpFilterExists(String name) {
                return true;
            }
        };
        assertTrue(Validator.withContext(ctx).check(peer).isEmpty());
    }

    @Test
    void crdEnumsAreCheckedWithTheirJsonPath() {
        BgpPeer peer = BgpPeer.builder().name("p").spec(BgpPeerSpec.builder().nextHopMode("self").build()).build();
        assertEquals("spec.nextHopMode (supported values: \"Auto\", \"Self\", \"Keep\")",
                Validator.standard().check(peer).get(0).toString());
    }

    @Test
    void aValidResourceIsReturnedUnchangedWhenNothingIsDefaulted() {
        BgpPeer peer = BgpPeer.builder().name("p").spec(BgpPeerSpec.builder().peerIP("[fd00::1]:1790").build()).build();
        assertEquals(peer, Validator.standard().validate(peer));
    }
}
