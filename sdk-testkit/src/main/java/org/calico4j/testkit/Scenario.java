package org.calico4j.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.calico4j.client.ApplyResult;
import org.calico4j.model.Resource;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.manifest.ManifestException;
import org.calico4j.model.manifest.YamlLimits;
import org.calico4j.model.manifest.YamlTree;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * A cluster described in YAML, and the probes to send through it: {@code nodes} (name, address/subnet,
 * optional labels, asNumber, {@code routeReflectorClusterID} and {@code gateway}: its default gateway, else the router
 * on its subnet),
 * {@code routers} (name, address, bare or with its subnet as a node's, asNumber, optional {@code peers}: the other routers it has BGP sessions with, and
 * {@code nextHopSelf}: whether it sets itself as next hop on everything it advertises; default false, BIRD's default
 * behaviour: next hop kept towards iBGP peers and towards single-hop eBGP peers on the subnet it was learned on), {@code hosts} (name, address),
 * {@code resources} (a list of calicoctl manifests inline, {@code {path: file.yaml}} relative to the scenario, or
 * manifest text; or the whole as calicoctl YAML pasted as a block string, {@code resources: |}),
 * {@code workloads} (name, node, optional address) and {@code probes} (from, to; names or addresses).
 * Every mistake is reported with the entry and field it is in (a top-level field of the wrong type too).
 *
 * <pre>{@code
 * List<Scenario.Result> results = Scenario.read(Path.of("examples/scenarios/outbound.yaml")).run();
 * }</pre>
 */
public final class Scenario {
    private static final Set<String> TOP = Set.of("nodes", "routers", "hosts", "resources", "workloads", "probes");

    private final String source;
    private final JsonNode root;
    private final List<Resource> resources;

    private Scenario(String source, JsonNode root, List<Resource> resources) {
        this.source = source;
        this.root = root;
        this.resources = resources;
    }

    /** One probe's outcome. */
    public record Result(String from, String to, boolean delivered, @Nullable String sourceSeenAtDestination, List<String> path,
                         String reason) {
    }

    /** A scenario error: where (file, entry, field) and what. */
    public static final class ScenarioException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /**
         * A scenario error.
         *
         * @param message where (file, entry, field) and what
         */
        public ScenarioException(String message) {
            super(message);
        }
    }

    /** Reads a scenario file of up to {@link YamlLimits#defaults()} (256 Mi code points unless the system property says otherwise). */
    /**
     * Reads a scenario file ({@code examples/scenarios/*.yaml}); {@code {path: ...}} resources are
     * relative to it.
     *
     * @param file the scenario file
     * @return the scenario
     * @throws ScenarioException naming the file, entry and field when it cannot be read
     */
    public static Scenario read(Path file) {
        return read(file, YamlLimits.defaults());
    }

    /**
     * Reads a scenario file streaming (its text is never held whole, only its tree), within
     * {@code limits}: document size, line length, nesting and alias copies.
     *
     * @param file   the scenario file (UTF-8)
     * @param limits the parsing limits
     * @return the scenario
     */
    public static Scenario read(Path file, YamlLimits limits) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString(), file.toAbsolutePath().getParent(), limits);
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Reads a scenario from text.
     *
     * @param yaml    the scenario
     * @param source  names it in messages
     * @param baseDir where {@code {path: ...}} resources are read from, or null for the working directory
     * @return the scenario
     * @throws ScenarioException naming the source, entry and field when it is not a valid scenario
     */
    public static Scenario parse(String yaml, String source, @Nullable Path baseDir) {
        return parse(new StringReader(yaml), source, baseDir, YamlLimits.defaults());
    }

    private static Scenario parse(Reader yaml, String source, @Nullable Path baseDir, YamlLimits limits) {
        JsonNode root;
        try {
            root = YamlTree.read(yaml, source, limits);
        } catch (ManifestException e) {
            throw new ScenarioException(source + ": not YAML: " + String.join("; ", e.problems().get(0).messages()));
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException(source + ": a scenario is a mapping with " + String.join(", ", order()));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP.contains(k)) {
                throw new ScenarioException(source + ": unknown field '" + k + "' (a scenario has " + String.join(", ", order()) + ")");
            }
        }
        for (String list : order()) {
            JsonNode n = root.get(list);
            // A field written with nothing after it (null) is an empty list.
            if (n != null && !n.isNull() && !n.isArray() && !(list.equals("resources") && n.isTextual())) {
                throw new ScenarioException(source + ": field '" + list + "' must be a list" + (list.equals("resources")
                        ? " of manifests (or {path: file.yaml}), or manifest text" : "") + ", not " + typeOf(n));
            }
        }
        List<Resource> res = new ArrayList<>();
        JsonNode rs = root.path("resources");
        if (rs.isTextual()) {
            res.addAll(manifestText(rs.asText(), source + ": resources"));
        }
        for (int i = 0; rs.isArray() && i < rs.size(); i++) {
            JsonNode r = rs.get(i);
            String where = source + ": resources[" + i + "]";
            try {
                if (r.isTextual()) {
                    res.addAll(manifestText(r.asText(), where));
                } else if (!r.isObject()) {
                    throw new ScenarioException(where + ": must be a manifest, {path: file.yaml} or manifest text, not " + typeOf(r));
                } else if (r.has("path") && r.size() == 1) {
                    Path p = baseDir == null ? Path.of(r.get("path").asText()) : baseDir.resolve(r.get("path").asText());
                    res.addAll(Manifest.read(p).resources());
                } else {
                    res.add(Manifest.fromJsonTree(r));
                }
            } catch (ManifestException | java.io.UncheckedIOException e) {
                throw new ScenarioException(where + ": " + e.getMessage());
            }
        }
        Scenario s = new Scenario(source, root, res);
        s.check();
        return s;
    }

    /** calicoctl YAML (one or more documents) pasted as a block string. */
    private static List<Resource> manifestText(String text, String where) {
        try {
            return Manifest.read(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), where).resources();
        } catch (ManifestException | java.io.UncheckedIOException e) {
            throw new ScenarioException(e.getMessage().startsWith(where) ? e.getMessage() : where + ": " + e.getMessage());
        }
    }

    /** What a YAML value is, in YAML's words. */
    private static String typeOf(JsonNode n) {
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "true or false";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        return n.isArray() ? "a list" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> order() {
        return List.of("nodes", "routers", "hosts", "resources", "workloads", "probes");
    }

    private void check() {
        entries("nodes", Set.of("name", "address"), Set.of("labels", "asNumber", "gateway", "routeReflectorClusterID")).forEach((where, n) -> {
            cidr(where, n.get("address").asText());
            if (n.has("gateway")) {
                IpAddress gw = IpAddress.tryParse(n.get("gateway").asText()).orElseThrow(() -> new ScenarioException(where
                        + ": field 'gateway': '" + n.get("gateway").asText() + "' is not an IP address"));
                if (!Cidr.parse(n.get("address").asText()).network().containsAddress(gw)) {
                    throw new ScenarioException(where + ": field 'gateway': " + gw + " is not on the node's subnet "
                            + Cidr.parse(n.get("address").asText()).network());
                }
            }
        });
        Map<String, JsonNode> routers = entries("routers", Set.of("name", "address", "asNumber"), Set.of("peers", "nextHopSelf"));
        Set<String> routerNames = new java.util.HashSet<>();
        routers.values().forEach(n -> routerNames.add(n.get("name").asText()));
        routers.forEach((where, n) -> {
            routerAddress(where, n.get("address").asText());
            if (n.has("nextHopSelf") && !n.get("nextHopSelf").isBoolean()) {
                throw new ScenarioException(where + ": field 'nextHopSelf': '" + n.get("nextHopSelf").asText() + "' is not true or false");
            }
            JsonNode peers = n.path("peers");
            if (!peers.isMissingNode() && !peers.isArray()) {
                throw new ScenarioException(where + ": field 'peers' must be a list of router names");
            }
            for (JsonNode p : peers) {
                if (!routerNames.contains(p.asText()) || p.asText().equals(n.get("name").asText())) {
                    throw new ScenarioException(where + ": field 'peers': '" + p.asText() + "' is not another router of this scenario"
                            + " (routers: " + new java.util.TreeSet<>(routerNames) + ")");
                }
            }
        });
        entries("hosts", Set.of("name", "address"), Set.of()).forEach((where, n) -> ip(where, n.get("address").asText()));
        entries("workloads", Set.of("name", "node"), Set.of("address"));
        entries("probes", Set.of("from", "to"), Set.of());
    }

    private Map<String, JsonNode> entries(String list, Set<String> required, Set<String> optional) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode arr = root.path(list);
        for (int i = 0; arr.isArray() && i < arr.size(); i++) {
            JsonNode n = arr.get(i);
            String where = source + ": " + list + "[" + i + "]";
            if (!n.isObject()) {
                throw new ScenarioException(where + ": must be a mapping with " + required);
            }
            for (String r : required) {
                if (!n.hasNonNull(r) || n.get(r).asText().isBlank()) {
                    throw new ScenarioException(where + ": field '" + r + "' is required");
                }
            }
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!required.contains(k) && !optional.contains(k)) {
                    throw new ScenarioException(where + ": unknown field '" + k + "' (allowed: " + String.join(", ", union(required, optional)) + ")");
                }
            }
            out.put(where, n);
        }
        return out;
    }

    private static List<String> union(Set<String> a, Set<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        l.sort(null);
        return l;
    }

    private static void cidr(String where, String text) {
        if (Cidr.tryParse(text).isEmpty()) {
            throw new ScenarioException(where + ": field 'address': '" + text + "' is not an address with its subnet (e.g. 10.0.0.11/24)");
        }
    }

    /**
     * A router's address, bare or with its subnet as a node's ({@code 10.0.0.254/24}). A simulated router sits on the
     * node subnet holding its address, else on its /24: a subnet written here must be that one.
     */
    private void routerAddress(String where, String text) {
        if (!text.contains("/")) {
            ip(where, text);
            return;
        }
        Cidr c = Cidr.tryParse(text).orElseThrow(() -> new ScenarioException(where + ": field 'address': '" + text
                + "' is not an IP address, or an address with its subnet (e.g. 10.0.0.254/24)"));
        Cidr expected = null;
        for (JsonNode n : root.path("nodes")) {
            Cidr net = Cidr.tryParse(n.path("address").asText()).map(Cidr::network).orElse(null);
            if (net != null && net.containsAddress(c.address())) {
                expected = net;
                break;
            }
        }
        if (expected == null) {
            expected = Cidr.of(c.address(), Math.min(24, c.address().bitLength())).network();
        }
        if (!c.network().equals(expected)) {
            throw new ScenarioException(where + ": field 'address': subnet " + c.network() + " of '" + text + "' is not the router's subnet "
                    + expected + " (a router sits on the node subnet holding its address, else on its /24)");
        }
    }

    /** A router's address without its subnet. */
    private static String bare(String address) {
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }

    private static void ip(String where, String text) {
        if (IpAddress.tryParse(text).isEmpty()) {
            throw new ScenarioException(where + ": field 'address': '" + text + "' is not an IP address");
        }
    }

    /**
     * {@return the probes, in order: from and to as written}
     */
    public List<Map.Entry<String, String>> probes() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (JsonNode p : root.path("probes")) {
            out.add(Map.entry(p.get("from").asText(), p.get("to").asText()));
        }
        return out;
    }

    /**
     * {@return where this scenario was read from}
     */
    public String source() {
        return source;
    }

    /**
     * Builds the cluster (nodes, routers, hosts, the resources in order, workloads) and waits for it to
     * converge; the caller closes it.
     *
     * @return the {@code build} value
     */
    public SimulatedCluster build() {
        SimulatedCluster c = SimulatedCluster.create();
        try {
            for (JsonNode n : root.path("nodes")) {
                Map<String, String> labels = new LinkedHashMap<>();
                n.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                c.addNode(n.get("name").asText(), n.get("address").asText(), labels,
                        n.has("asNumber") ? AsNumber.parse(n.get("asNumber").asText()) : null);
                if (n.has("gateway")) {
                    c.gateway(n.get("name").asText(), n.get("gateway").asText());
                }
                if (n.has("routeReflectorClusterID")) {
                    String id = n.get("routeReflectorClusterID").asText();
                    c.client().nodes().withName(n.get("name").asText()).edit(x -> x.withSpec(org.calico4j.model.NodeSpec.builder().from(x.spec())
                            .bgp(org.calico4j.model.NodeBgpSpec.builder().from(x.spec().bgp().orElseThrow()).routeReflectorClusterID(id).build())
                            .build()));
                }
            }
            for (JsonNode n : root.path("routers")) {
                c.addRouter(n.get("name").asText(), bare(n.get("address").asText()), AsNumber.parse(n.get("asNumber").asText()).value(),
                        n.path("nextHopSelf").asBoolean(false));
            }
            for (JsonNode n : root.path("routers")) {
                for (JsonNode p : n.path("peers")) {
                    c.connectRouters(n.get("name").asText(), p.asText());
                }
            }
            for (JsonNode n : root.path("hosts")) {
                c.addHost(n.get("name").asText(), n.get("address").asText());
            }
            ApplyResult applied = c.client().apply(Manifest.of(resources));
            if (!applied.succeeded()) {
                throw new ScenarioException(source + ": resource " + applied.failedResource().map(r -> r.kind() + " " + r.name()).orElse("?")
                        + " was refused: " + applied.failureCause().map(Throwable::getMessage).orElse(""));
            }
            for (JsonNode w : root.path("workloads")) {
                try {
                    c.addWorkload(w.get("name").asText(), w.get("node").asText(), w.has("address") ? w.get("address").asText() : null);
                } catch (RuntimeException e) {
                    throw new ScenarioException(source + ": workload " + w.get("name").asText() + ": " + e.getMessage());
                }
            }
            c.awaitConverged();
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * A probe's trace as a result.
     *
     * @param t a trace
     * @return its result
     */
    public static Result result(Trace t) {
        return new Result(t.from(), t.to(), t.delivered(), t.sourceSeenAtDestination() == null ? null
                : t.sourceSeenAtDestination().toString(), t.path(), t.reason());
    }

    /**
     * Builds the cluster, applies the resources in order, adds the workloads, and sends every probe.
     *
     * @return one result per probe, in order
     */
    public List<Result> run() {
        return run(c -> { });
    }

    /**
     * As {@link #run()}, then hands the cluster to {@code inspect} before closing it (e.g. to draw it
     * with {@link SimulatedCluster#toSvg()} or read a router's BGP routes).
     *
     * @param inspect sees the cluster after the probes
     * @return one result per probe, in order
     */
    public List<Result> run(java.util.function.Consumer<SimulatedCluster> inspect) {
        try (SimulatedCluster c = build()) {
            List<Result> out = new ArrayList<>();
            for (Map.Entry<String, String> p : probes()) {
                Trace t;
                try {
                    t = c.send(p.getKey(), p.getValue());
                } catch (IllegalArgumentException e) {
                    throw new ScenarioException(source + ": probe " + p.getKey() + " -> " + p.getValue() + ": " + e.getMessage());
                }
                out.add(result(t));
            }
            inspect.accept(c);
            return out;
        }
    }
}
