package org.calico4j.testkit.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

/** The fabric's own contract, apart from a cluster: router sessions and what it records. */
class BgpFabricTest {
    private static BgpFabric.Router router(String name, String ip, long as, String... peers) {
        return new BgpFabric.Router(name, IpAddress.parse(ip), AsNumber.of(as), Set.of(peers));
    }

    @Test
    void aRouterSessionNamedByEitherSideIsOneSession() {
        BgpFabric f = BgpFabric.compute(Map.of(), List.of(router("a", "10.0.0.1", 65001), router("b", "10.0.0.2", 65002, "a")),
                Set.of("a"));
        assertEquals(1, f.sessionsUp());
        assertTrue(f.routes("a").isEmpty(), "routers originate nothing");
    }

    @Test
    void unknownSpeakersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BgpFabric.compute(Map.of(), List.of(router("a", "10.0.0.1", 65001)), Set.of("tor")));
        assertTrue(e.getMessage().contains("no BGP speaker 'tor'"), e.getMessage());
        BgpFabric f = BgpFabric.compute(Map.of(), List.of(router("a", "10.0.0.1", 65001)), Set.of());
        assertThrows(IllegalArgumentException.class, () -> f.routes("a"), "not recorded");
    }
}
