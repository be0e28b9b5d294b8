package org.calico4j.testkit.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.calico4j.client.CalicoClient;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.testkit.SimulatedCluster;
import org.calico4j.testkit.junit.CalicoTestkit;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** {@link CalicoProperty} methods run through the JUnit engine. */
class PropertyExtensionTest {
    static class Failing {
        @CalicoProperty(tries = 200, seed = 17)
        void listsAreShort(@GeneratedBy("lists") List<Integer> l) {
            assertTrue(l.size() < 3, "too long");
        }

        static Gen<List<Integer>> lists() {
            return Gen.listOf(Gen.integers(0, 50), 0, 10);
        }
    }

    private static EngineExecutionResults run(Class<?> c) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(c)).execute();
    }

    private static void assertAllPassed(Class<?> c, long tests) {
        EngineExecutionResults r = run(c);
        List<Event> failed = r.testEvents().failed().list();
        assertTrue(failed.isEmpty(), () -> failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable()
                .map(t -> { t.printStackTrace(); return t.toString(); }).orElse("failed"));
        assertEquals(tests, r.testEvents().succeeded().count());
    }

    @Test
    void aFailingPropertyMethodReportsItsSeedAndSmallestCounterexample() {
        List<Event> failed = run(Failing.class).testEvents().failed().list();
        assertEquals(1, failed.size());
        Optional<Throwable> t = failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable();
        PropertyRunner.PropertyFailure f = (PropertyRunner.PropertyFailure) t.orElseThrow();
        assertEquals(17, f.seed());
        assertEquals(List.of(0, 0, 0), f.counterexample());
    }

    // ------------------------------------------------------------- a fresh cluster per try (issue 15 item 8)

    static final Set<Object> SEEN = Collections.newSetFromMap(new IdentityHashMap<>());

    static Gen<Integer> ints() {
        return Gen.integers(0, 1000);
    }

    /** The user's case: an injected field, a property that always holds. */
    @CalicoTestkit
    static class InjectedField {
        SimulatedCluster cluster;
        CalicoClient client;

        @CalicoProperty(tries = 25, seed = 3)
        void addingTheSameNodeAlwaysWorks(@GeneratedBy("ints") int n) {
            cluster.addNode("n1", "10.0.0.11/24");
            client.ipPools().create(IpPool.builder().metadata(ObjectMeta.named("p")).spec(IpPoolSpec.builder().cidr("192.168.0.0/16").build()).build());
            SEEN.add(cluster);
        }

        static Gen<Integer> ints() {
            return PropertyExtensionTest.ints();
        }
    }

    static class Parameter {
        @CalicoProperty(tries = 25, seed = 4)
        void addingTheSameNodeAlwaysWorks(@GeneratedBy("ints") int n, SimulatedCluster cluster) {
            assertTrue(!cluster.hasNodeAgents());
            cluster.addNode("n1", "10.0.0.11/24");
            SEEN.add(cluster);
        }

        static Gen<Integer> ints() {
            return PropertyExtensionTest.ints();
        }
    }

    @CalicoTestkit(nodeAgents = true)
    static class WithAgents {
        @CalicoProperty(tries = 3, seed = 5)
        void agentsAsTheAnnotationSays(@GeneratedBy("ints") int n, SimulatedCluster cluster) {
            assertTrue(cluster.hasNodeAgents());
        }

        static Gen<Integer> ints() {
            return PropertyExtensionTest.ints();
        }
    }

    @Test
    void everyTryGetsAFreshInjectedCluster() {
        SEEN.clear();
        assertAllPassed(InjectedField.class, 1);
        assertEquals(25, SEEN.size());
    }

    @Test
    void everyTryGetsAFreshClusterParameter() {
        SEEN.clear();
        assertAllPassed(Parameter.class, 1);
        assertEquals(25, SEEN.size());
        assertAllPassed(WithAgents.class, 1);
    }

    @CalicoTestkit
    static class Shrinking {
        SimulatedCluster cluster;

        /** Fails for n >= 10: every shrink step re-adds the node, which works only on a fresh cluster. */
        @CalicoProperty(tries = 50, seed = 6)
        void smallOnly(@GeneratedBy("ints") int n) {
            cluster.addNode("n1", "10.0.0.11/24");
            SEEN.add(cluster);
            assertTrue(n < 10, "too big");
        }

        static Gen<Integer> ints() {
            return PropertyExtensionTest.ints();
        }
    }

    @Test
    void everyShrinkStepGetsAFreshClusterAndTheCounterexampleIsTheRealOne() {
        SEEN.clear();
        List<Event> failed = run(Shrinking.class).testEvents().failed().list();
        assertEquals(1, failed.size());
        PropertyRunner.PropertyFailure f = (PropertyRunner.PropertyFailure) failed.get(0)
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertEquals(10, f.counterexample());
        assertTrue(f.getCause().getMessage().contains("too big"), f.getCause()::toString);
        assertTrue(SEEN.size() > 2, "one cluster per try and shrink step: " + SEEN.size());
    }

    // ------------------------------------------------------------- where generators are found (issue 15 item 9)

    abstract static class Base {
        static Gen<Integer> fromBase() {
            return Gen.integers(1, 5);
        }

        Gen<Integer> instanceFromBase() {
            return Gen.integers(6, 9);
        }
    }

    static final class Gens {
        static Gen<Integer> held() {
            return Gen.integers(100, 200);
        }

        Gen<Integer> heldByInstance() {
            return Gen.integers(300, 400);
        }
    }

    static class Sub extends Base {
        @CalicoProperty(tries = 5)
        void staticInSuperclass(@GeneratedBy("fromBase") int n) {
            assertTrue(n >= 1 && n <= 5);
        }

        @CalicoProperty(tries = 5)
        void instanceInSuperclass(@GeneratedBy("instanceFromBase") int n) {
            assertTrue(n >= 6 && n <= 9);
        }

        @CalicoProperty(tries = 5)
        void inAHolderClass(@GeneratedBy(value = "held", holder = Gens.class) int n) {
            assertTrue(n >= 100 && n <= 200);
        }

        @CalicoProperty(tries = 5)
        void instanceMethodOfAHolderClass(@GeneratedBy(value = "heldByInstance", holder = Gens.class) int n) {
            assertTrue(n >= 300 && n <= 400);
        }

        @CalicoProperty(tries = 5)
        void namedAsMethodSourceDoes(@GeneratedBy("org.calico4j.testkit.property.PropertyExtensionTest$Gens#held") int n) {
            assertTrue(n >= 100 && n <= 200);
        }

        @CalicoProperty(tries = 5)
        void inTheEnclosingClass(@GeneratedBy("ints") int n) {
            assertTrue(n >= 0 && n <= 1000);
        }
    }

    static class Missing {
        @CalicoProperty(tries = 5)
        void nowhere(@GeneratedBy("absent") int n) {
        }
    }

    @Test
    void generatorsAreFoundInSuperclassesHolderClassesAndEnclosingClasses() {
        assertAllPassed(Sub.class, 6);
    }

    @Test
    void aMissingGeneratorNamesWhereItWasLookedFor() {
        Throwable t = run(Missing.class).testEvents().failed().list().get(0).getRequiredPayload(TestExecutionResult.class)
                .getThrowable().orElseThrow();
        assertNotNull(t.getMessage());
        assertTrue(t.getMessage().contains("no method absent() in " + Missing.class.getName() + ", " + PropertyExtensionTest.class.getName()),
                t.getMessage());
        assertSame(org.junit.jupiter.api.extension.ExtensionConfigurationException.class, t.getClass());
    }
}
