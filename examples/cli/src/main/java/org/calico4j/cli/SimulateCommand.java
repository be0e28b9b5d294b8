package org.calico4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.testkit.Scenario;
import org.calico4j.testkit.SimulatedCluster;
import org.calico4j.testkit.netns.KernelDataplane;
import org.calico4j.testkit.netns.RealBirdCluster;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code calico4j simulate -f SCENARIO}: builds the scenario's cluster in memory and sends its probes. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a scenario file on a simulated cluster: one result per probe (delivered, source seen, path, reason).")
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "SCENARIO", description = "Scenario YAML file.")
    Path file;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text, json or yaml.")
    String output;

    @Option(names = "--svg", paramLabel = "FILE", description = "Also draw the cluster (nodes, workloads, routers, hosts, BGP sessions, routes) as SVG.")
    Path svg;

    @Option(names = "--dot", paramLabel = "FILE", description = "Also write the cluster as a Graphviz graph.")
    Path dot;

    @Option(names = "--real", paramLabel = "bird|iptables|ebpf", description = "Run the scenario for real instead: network namespaces and"
            + " BIRD 2 (needs root, bird2, nftables, curl); with 'iptables' or 'ebpf' a NodeAgent per node also programs its namespace"
            + " through that kernel dataplane (NAT outgoing, routes, VXLAN; IPIP through a stand-in tunl0: routing only).")
    String real;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String[] pictures = new String[2];
        List<Scenario.Result> results;
        if (real != null) {
            KernelDataplane kernel = switch (real) {
                case "bird" -> KernelDataplane.NONE;
                case "iptables" -> KernelDataplane.IPTABLES;
                case "ebpf" -> KernelDataplane.EBPF;
                default -> null;
            };
            if (kernel == null) {
                spec.commandLine().getErr().println("--real: '" + real + "' is not supported (one of bird, iptables, ebpf)");
                return 2;
            }
            java.util.Optional<String> missing = RealBirdCluster.missing(kernel);
            if (missing.isPresent()) {
                spec.commandLine().getErr().println("--real " + real + ": this machine lacks " + missing.get());
                return 1;
            }
            Scenario scenario = Scenario.read(file);
            try (SimulatedCluster sim = scenario.build(); RealBirdCluster cluster = RealBirdCluster.start(sim, kernel)) {
                cluster.awaitConverged();
                results = cluster.send(scenario.probes().stream().map(e -> new RealBirdCluster.Probe(e.getKey(), e.getValue())).toList())
                        .stream().map(Scenario::result).toList();
                pictures[0] = svg == null ? null : sim.toSvg();
                pictures[1] = dot == null ? null : sim.toDot();
            }
        } else {
            results = Scenario.read(file).run(c -> {
                pictures[0] = svg == null ? null : c.toSvg();
                pictures[1] = dot == null ? null : c.toDot();
            });
        }
        if (svg != null) {
            Files.writeString(svg, pictures[0]);
        }
        if (dot != null) {
            Files.writeString(dot, pictures[1]);
        }
        if (output.equalsIgnoreCase("text")) {
            for (Scenario.Result r : results) {
                out.println(r.from() + " -> " + r.to() + ": " + (r.delivered() ? "delivered, source seen " + r.sourceSeenAtDestination()
                        : "NOT delivered") + "  path " + String.join(" > ", r.path()) + "  (" + r.reason() + ")");
            }
            return 0;
        }
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (Scenario.Result r : results) {
            ObjectNode o = arr.addObject();
            o.put("from", r.from());
            o.put("to", r.to());
            o.put("delivered", r.delivered());
            if (r.sourceSeenAtDestination() == null) {
                o.putNull("sourceSeenAtDestination");
            } else {
                o.put("sourceSeenAtDestination", r.sourceSeenAtDestination());
            }
            ArrayNode path = o.putArray("path");
            r.path().forEach(path::add);
            o.put("reason", r.reason());
        }
        out.print(DataplaneCommands.format(arr, output));
        return 0;
    }
}
