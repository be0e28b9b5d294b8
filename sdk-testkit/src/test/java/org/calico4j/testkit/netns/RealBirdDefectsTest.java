package org.calico4j.testkit.netns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.calico4j.testkit.Scenario;
import org.calico4j.testkit.SimulatedCluster;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenarios of issue 14's simulator defects (src/test/resources/bird-defects, asserted on the simulator by
 * SimulatedBirdAgreementTest) on real BIRD: the simulator must agree with it on every one.
 */
@Timeout(300)
class RealBirdDefectsTest {
    static Stream<Path> scenarios() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/bird-defects"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theSimulatorAgreesWithRealBird(Path file) {
        Differential.requireRealBird();
        Scenario scenario = Scenario.read(file);
        long t0 = System.nanoTime();
        try (SimulatedCluster sim = scenario.build()) {
            Duration simSetup = Duration.ofNanos(System.nanoTime() - t0);
            Differential.Outcome o = Differential.compare(sim, simSetup, scenario.probes().stream()
                    .map(e -> new RealBirdCluster.Probe(e.getKey(), e.getValue())).toList());
            assertTrue(o.agrees(), () -> file + ": " + Differential.sideBySide(o));
        }
    }
}
