package org.calico4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.StateJson;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.calc.Calculation;
import org.calico4j.dataplane.iptables.Features;
import org.calico4j.dataplane.iptables.IptablesDataplane;
import org.calico4j.dataplane.iptables.NatTable;
import org.calico4j.dataplane.iptables.NatTrace;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.Kind;
import org.calico4j.model.net.IpAddress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code calico4j render memory|bird|ebpf|iptables} and {@code calico4j trace}: what a node's dataplane would be and do. */
final class DataplaneCommands {
    private DataplaneCommands() {
    }

    /** The node's state, computed from the datastore as Felix would; fails when the Node does not exist. */
    static DataplaneState stateOf(CalicoClient client, String node) {
        if (client.datastore().get(ResourceKey.of(Kind.NODE, node)).isEmpty()) {
            throw new IllegalArgumentException("node '" + node + "' does not exist");
        }
        return Calculation.compute(node, BgpCommand.everything(client));
    }

    static String format(JsonNode json, String output) throws Exception {
        switch (output.toLowerCase(Locale.ROOT)) {
            case "json":
                return json.toPrettyString() + "\n";
            case "yaml":
                return new YAMLMapper().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).writeValueAsString(json);
            default:
                throw new IllegalArgumentException("unrecognized output format '" + output + "' (yaml or json)");
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Print a node's dataplane as the given dataplane would program it (memory: the desired state).")
    static final class Render implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DATAPLANE", description = "memory (the node's DataplaneState), bird (its bird.conf), ebpf (its "
                + "cali_v4_routes entries) or iptables (its ipset restore and iptables-restore payloads, as Felix would write them on a node "
                + "without Calico rules)")
        String dataplane;

        @Option(names = "--secrets", paramLabel = "FILE",
                description = "Properties file of BGP password secrets, <secret>/<key>=<value> (render bird).")
        java.nio.file.Path secrets;

        @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node.")
        String node;

        @Option(names = {"-o", "--output"}, defaultValue = "yaml", paramLabel = "FORMAT", description = "yaml or json.")
        String output;

        @Override
        public Integer call() throws Exception {
            if (dataplane.equals("bird")) {
                try (CalicoClient client = DatastoreOptions.connect(main.datastore)) {
                    spec.commandLine().getOut().print(BgpCommand.birdConfig(client, node, BgpCommand.secrets(secrets)));
                }
                return 0;
            }
            if (dataplane.equals("ebpf")) {
                try (CalicoClient client = DatastoreOptions.connect(main.datastore)) {
                    DataplaneState state = stateOf(client, node);
                    java.util.List<org.calico4j.model.Resource> all = BgpCommand.everything(client);
                    spec.commandLine().getOut().print(format(EbpfView.json(node, state, EbpfView.routes(state)), output));
                }
                return 0;
            }
            if (dataplane.equals("iptables")) {
                try (CalicoClient client = DatastoreOptions.connect(main.datastore)) {
                    spec.commandLine().getOut().print(IptablesDataplane.render(stateOf(client, node), Features.modern(),
                            NatTable.InsertMode.INSERT, true));
                }
                return 0;
            }
            if (!dataplane.equals("memory")) {
                spec.commandLine().getErr().println("error: unknown dataplane '" + dataplane + "' (available: memory, bird, ebpf, iptables)");
                return 2;
            }
            try (CalicoClient client = DatastoreOptions.connect(main.datastore)) {
                spec.commandLine().getOut().print(format(StateJson.of(stateOf(client, node)), output));
            }
            return 0;
        }
    }

    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = "What a node does with a packet: deliver, forward or drop; SNAT, encapsulation, route, and why.")
    static final class Trace implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Spec
        CommandSpec spec;

        @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node the packet is on.")
        String node;

        @Option(names = "--from", required = true, paramLabel = "IP", description = "Source address.")
        String from;

        @Option(names = "--to", required = true, paramLabel = "IP", description = "Destination address.")
        String to;

        @Option(names = "--protocol", defaultValue = "tcp", paramLabel = "P", description = "tcp, udp or icmp (default tcp).")
        String protocol;

        @Option(names = "--port", defaultValue = "80", paramLabel = "N", description = "Destination port (default 80).")
        int port;

        @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text, json or yaml.")
        String output;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            IpAddress src = IpAddress.tryParse(from).orElseThrow(() -> new IllegalArgumentException("--from '" + from + "' is not an IP address"));
            IpAddress dst = IpAddress.tryParse(to).orElseThrow(() -> new IllegalArgumentException("--to '" + to + "' is not an IP address"));
            Packet.Protocol proto;
            try {
                proto = Packet.Protocol.valueOf(protocol.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--protocol '" + protocol + "' is not tcp, udp or icmp", e);
            }
            Packet p = new Packet(src, dst, proto, proto == Packet.Protocol.ICMP ? 0 : port);
            try (CalicoClient client = DatastoreOptions.connect(main.datastore); MemoryDataplane dp = new MemoryDataplane(node)) {
                DataplaneState state = stateOf(client, node);
                java.util.List<org.calico4j.model.Resource> all = BgpCommand.everything(client);
                boolean ebpf = EbpfView.bpfEnabled(all, node) && src.version() == 4;
                Verdict v;
                if (ebpf) {
                    v = EbpfView.trace(state, EbpfView.routes(state), p);
                } else {
                    dp.resync(state);
                    v = dp.evaluate(p);
                }
                // The node's iptables dataplane (Felix's default; not in BPF mode) names the nat rule that decided.
                Optional<NatTrace.Decision> rule = v.action() == Verdict.Action.FORWARD && !EbpfView.bpfEnabled(all, node)
                        ? NatTrace.of(dp, Features.modern(), p) : Optional.empty();
                if (output.equalsIgnoreCase("text")) {
                    out.println("action:   " + v.action());
                    out.println("snatTo:   " + (v.snatTo() == null ? "-" : v.snatTo() + (v.snatPorts() == null ? "" : " ports " + v.snatPorts())));
                    out.println("encap:    " + v.encap() + (v.outerSrc() == null ? "" : " " + v.outerSrc() + " -> " + v.outerDst()));
                    out.println("route:    " + v.route());
                    out.println("reason:   " + v.reason());
                    if (ebpf) {
                        out.println("dataplane: ebpf (FelixConfiguration bpfEnabled)");
                    } else if (v.action() == Verdict.Action.FORWARD) {
                        out.println("nat rule: " + rule.map(NatTrace.Decision::describe).orElse("none in cali-POSTROUTING matched (source kept)"));
                    }
                } else {
                    JsonNode json = StateJson.of(v);
                    if (rule.isPresent() && json instanceof ObjectNode o) {
                        NatTrace.Decision d = rule.get();
                        ObjectNode r = o.putObject("natRule");
                        r.put("chain", d.chain()).put("position", d.position()).put("hash", "cali:" + d.hash()).put("rule", d.text());
                    }
                    out.print(format(json, output));
                }
            }
            return 0;
        }
    }
}
