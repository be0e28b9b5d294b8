package org.calico4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Nested edits without copying every field by hand: toBuilder() on every value, editSpec/editMetadata on every resource. */
class ResourceEditsTest {
    @Test
    void aNestedSpecFieldIsEditedInOneExpressionAndNothingElseChanges() {
        IpPool pool = IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("10.0.0.0/16").natOutgoing(true)
                .blockSize(28).nodeSelector("rack == 'a'").build()).build();
        IpPool edited = pool.editSpec(s -> s.vxlanMode(EncapsulationMode.ALWAYS)).editMetadata(m -> m.putLabels("env", "prod"));
        assertEquals("Always", edited.spec().vxlanMode());
        assertEquals(EncapsulationMode.ALWAYS, edited.spec().vxlanEncapsulation().orElseThrow());
        assertEquals(28, edited.spec().blockSize());
        assertEquals("rack == 'a'", edited.spec().nodeSelector());
        assertTrue(edited.spec().natOutgoing());
        assertEquals(Map.of("env", "prod"), edited.metadata().labels());
        assertEquals(pool, pool.editSpec(s -> s).editMetadata(m -> m));
        assertFalse(pool.spec().vxlanEncapsulation().orElseThrow() == EncapsulationMode.ALWAYS, "the original is unchanged");

        BgpPeer peer = BgpPeer.builder().name("tor").spec(BgpPeerSpec.builder().peerIP("10.0.0.1").asNumber(org.calico4j.model.net.AsNumber.of(65001)).build()).build();
        assertEquals("10.0.0.2", peer.editSpec(s -> s.peerIP("10.0.0.2")).spec().peerIP());
        assertEquals(peer.spec().asNumber(), peer.editSpec(s -> s.peerIP("10.0.0.2")).spec().asNumber());
    }

    @Test
    void everyUserFacingKindHasEditSpecEditMetadataAndToBuilder() throws Exception {
        for (Kind k : Kind.values()) {
            if (k.isInternal()) {
                continue;
            }
            Class<?> type = Class.forName("org.calico4j.model." + k.kindName().replace("IP", "Ip").replace("BGP", "Bgp"));
            boolean hasEdit = false;
            for (Method m : type.getMethods()) {
                hasEdit |= m.getName().equals("editSpec");
            }
            assertTrue(hasEdit, type + " has no editSpec");
            type.getMethod("editMetadata", java.util.function.UnaryOperator.class);
            type.getMethod("toBuilder");
        }
    }
}
