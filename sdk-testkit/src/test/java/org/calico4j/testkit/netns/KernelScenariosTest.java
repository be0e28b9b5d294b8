package org.calico4j.testkit.netns;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guide's scenarios (examples/scenarios) on the simulator and on a real cluster whose nodes run a NodeAgent with
 * the iptables or the eBPF dataplane next to BIRD: every probe, as TCP, UDP and ICMP, must agree (delivered, source
 * seen at the destination, encapsulation, path).
 */
@Timeout(300)
class KernelScenariosTest {
    static Stream<Arguments> scenarios() throws Exception {
        return Differential.scenarioFiles("../examples/scenarios").flatMap(f -> Stream.of(KernelDataplane.IPTABLES, KernelDataplane.EBPF)
                .map(k -> Arguments.of(f, k)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("scenarios")
    void theSimulatorPredictsTheKernel(Path file, KernelDataplane kernel) {
        Differential.assertScenarioAgrees(file, kernel);
    }
}
