package org.calico4j.testkit.netns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.calico4j.testkit.Scenario;
import org.calico4j.testkit.SimulatedCluster;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The guide's scenarios (examples/scenarios) on the simulator and on real BIRD in namespaces: both must agree. */
@Timeout(300)
class RealBirdScenariosTest {
    static Stream<Path> scenarios() throws Exception {
        Path dir = Path.of("../examples/scenarios");
        try (Stream<Path> s = Files.list(dir)) {
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
            List<RealBirdCluster.Probe> probes = scenario.probes().stream().map(e -> new RealBirdCluster.Probe(e.getKey(), e.getValue())).toList();
            Differential.Outcome o = Differential.compare(sim, simSetup, probes);
            System.out.printf("scenario %s: simulator %d ms, real setup %d ms + convergence %d ms%n", file.getFileName(),
                    o.times().simSetup().toMillis(), o.times().realSetup().toMillis(), o.times().realConvergence().toMillis());
            assertTrue(o.agrees(), () -> file + ": " + Differential.sideBySide(o));
        }
    }
}
