package org.calico4j.testkit.netns;

import java.nio.file.Path;
import java.util.stream.Stream;

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
        return Differential.scenarioFiles("src/test/resources/bird-defects");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theSimulatorAgreesWithRealBird(Path file) {
        Differential.assertScenarioAgrees(file);
    }
}
