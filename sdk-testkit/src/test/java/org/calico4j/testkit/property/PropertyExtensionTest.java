package org.calico4j.testkit.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** A failing {@link Property} method, run through the JUnit engine: reported with its seed and shrunk counterexample. */
class PropertyExtensionTest {
    static class Failing {
        @Property(tries = 200, seed = 17)
        void listsAreShort(@ForAll("lists") List<Integer> l) {
            assertTrue(l.size() < 3, "too long");
        }

        static Gen<List<Integer>> lists() {
            return Gen.listOf(Gen.integers(0, 50), 0, 10);
        }
    }

    @Test
    void aFailingPropertyMethodReportsItsSeedAndSmallestCounterexample() {
        List<Event> failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Failing.class)).execute()
                .testEvents().failed().list();
        assertEquals(1, failed.size());
        Optional<Throwable> t = failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable();
        Properties.PropertyFailure f = (Properties.PropertyFailure) t.orElseThrow();
        assertEquals(17, f.seed());
        assertEquals(List.of(0, 0, 0), f.counterexample());
    }
}
