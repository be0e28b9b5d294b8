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
 * seen at the destination, encapsulation, path). The same for the scenarios of kernel disagreements found and fixed
 * ({@code src/test/resources/kernel-defects}).
 */
@Timeout(300)
class KernelScenariosTest {
    static Stream<Arguments> scenarios() throws Exception {
        // The guide's scenarios, then the kernel disagreements found by KernelGeneratedTest and fixed (src/test/resources/kernel-defects).
        return Stream.concat(Differential.scenarioFiles("../examples/scenarios"), Differential.scenarioFiles("src/test/resources/kernel-defects")).flatMap(f -> Stream.of(KernelDataplane.IPTABLES, KernelDataplane.EBPF)
                .map(k -> Arguments.of(f, k)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("scenarios")
    void theSimulatorPredictsTheKernel(Path file, KernelDataplane kernel) {
        Differential.assertScenarioAgrees(file, kernel);
    }
}
