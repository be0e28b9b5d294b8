package org.calico4j.testkit.netns;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The guide's scenarios (examples/scenarios) on the simulator and on real BIRD in namespaces: both must agree. */
@Timeout(300)
class RealBirdScenariosTest {
    static Stream<Path> scenarios() throws Exception {
        return Differential.scenarioFiles("../examples/scenarios");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theSimulatorAgreesWithRealBird(Path file) {
        Differential.assertScenarioAgrees(file);
    }
}
