package org.calico4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.spi.Versioned;
import org.calico4j.dataplane.bgp.BgpIntent;
import org.calico4j.dataplane.bgp.BgpIntents;
import org.calico4j.dataplane.bgp.BgpSession;
import org.calico4j.dataplane.bgp.BirdConfig;
import org.calico4j.dataplane.bgp.SecretResolver;
import org.calico4j.model.BgpFilter;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code calico4j bgp sessions}: a node's computed BGP sessions and exports. */
@Command(name = "bgp", mixinStandardHelpOptions = true, description = "BGP as Calico computes it for a node.",
        subcommands = {BgpCommand.Sessions.class})
final class BgpCommand implements Runnable {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static List<Resource> everything(CalicoClient client) {
        List<Resource> all = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (Versioned v : client.datastore().list(k, 0).items()) {
                all.add(v.value());
            }
        }
        return all;
    }

    static SecretResolver secrets(Path file) throws IOException {
        if (file == null) {
            return SecretResolver.none();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<String, String> m = new HashMap<>();
        p.forEach((k, v) -> m.put(k.toString(), v.toString()));
        return SecretResolver.of(m);
    }

    static BgpIntent intent(CalicoClient client, String node, SecretResolver secrets) {
        BgpIntent i = BgpIntents.compute(everything(client), secrets).get(node);
        if (i == null) {
            throw new IllegalArgumentException("node '" + node + "' does not exist");
        }
        return i;
    }

    static String birdConfig(CalicoClient client, String node, SecretResolver secrets) {
        List<BgpFilter> filters = client.bgpFilters().list().items();
        return BirdConfig.render(intent(client, node, secrets), filters);
    }

    @Command(name = "sessions", mixinStandardHelpOptions = true, description = "The node's BGP sessions and what it exports.")
    static final class Sessions implements Callable<Integer> {
        @ParentCommand
        BgpCommand bgp;

        @Spec
        CommandSpec spec;

        @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node.")
        String node;

        @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text, json or yaml.")
        String output;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (CalicoClient client = DatastoreOptions.connect(bgp.main.datastore)) {
                BgpIntent i = intent(client, node, SecretResolver.none());
                ObjectNode json = JsonNodeFactory.instance.objectNode();
                json.put("node", i.node());
                json.put("routerId", String.valueOf(i.routerId()));
                for (int v : new int[] {4, 6}) {
                    BgpIntent.Family f = i.family(v);
                    if (f == null) {
                        continue;
                    }
                    ObjectNode fam = json.putObject("ipv" + v);
                    fam.put("asNumber", f.asNumber().value());
                    fam.put("routeReflector", f.isRouteReflector());
                    ArrayNode ss = fam.putArray("sessions");
                    for (BgpSession s : f.sessions()) {
                        ObjectNode o = ss.addObject();
                        o.put("name", s.name());
                        o.put("type", s.kind().name());
                        o.put("peerIP", s.peerIp().toString() + (s.port() == 0 ? "" : ":" + s.port()));
                        o.put("peerAS", s.peerAs().value());
                        o.put("internal", s.internal());
                        o.put("passive", s.passive());
                        if (s.rrClusterId() != null) {
                            o.put("routeReflectorClient", s.rrClusterId());
                        }
                        if (s.passwordSecret() != null) {
                            o.put("password", "from secret " + s.passwordSecret());
                        }
                    }
                    ArrayNode ex = fam.putArray("exports");
                    for (Cidr c : f.exportedPrefixes()) {
                        ex.add(c.toString());
                    }
                }
                if (output.equalsIgnoreCase("text")) {
                    for (int v : new int[] {4, 6}) {
                        BgpIntent.Family f = i.family(v);
                        if (f == null) {
                            continue;
                        }
                        out.println("IPv" + v + " (AS " + f.asNumber() + (f.isRouteReflector() ? ", route reflector" : "") + "):");
                        for (BgpSession s : f.sessions()) {
                            out.println("  " + s.name() + "  " + s.peerIp() + (s.port() == 0 ? "" : ":" + s.port()) + "  AS " + s.peerAs()
                                    + (s.internal() ? "  iBGP" : "  eBGP") + (s.passive() ? "  passive" : "")
                                    + (s.rrClusterId() != null ? "  rr-client" : ""));
                        }
                        out.println("  exports: " + f.exportedPrefixes());
                    }
                } else {
                    out.print(DataplaneCommands.format(json, output));
                }
            }
            return 0;
        }
    }
}
