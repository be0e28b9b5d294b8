package org.calico4j.dataplane.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.calico4j.model.BgpFilter;
import org.calico4j.model.Kind;
import org.calico4j.model.Node;
import org.calico4j.model.Resource;
import org.calico4j.model.ipam.BlockAffinity;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.ipam.IpamJson;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Calico's own golden tests of confd's BIRD rendering (projectcalico/calico v3.32.1,
 * {@code confd/tests/compiled_templates/<scenario>/bird*.cfg}), replayed against calico4j: every
 * scenario's datastore is a fixture under {@code conformance/confd/<scenario>/input.yaml} (see
 * {@code scripts/confd-conformance-fixtures.py}), rendered with {@link BgpIntents} + {@link BirdConfig}
 * (what {@code calico4j render bird} prints), compared with confd's files fact by fact
 * ({@link BirdFacts}), and parsed by BIRD 2 ({@code bird -p}).
 *
 * <p>A scenario listed in {@code conformance/confd/known-differences.txt} is one calico4j still gets
 * wrong; it is run and must still differ (so that fixing it forces the list to shrink).
 */
class ConfdConformanceTest {
    private static final Pattern HEADER = Pattern.compile("(?m)^# (node|routerId): (\\S+)$");
    private static final Map<String, List<String>> RESULTS = new java.util.concurrent.ConcurrentSkipListMap<>();

    static Path root() {
        try {
            return Path.of(ConfdConformanceTest.class.getResource("/conformance/confd").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> scenarios() throws IOException {
        Path root = root();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("input.yaml"))
                    .map(p -> root.relativize(p.getParent()).toString()).sorted().toList();
        }
    }

    static Map<String, String> knownDifferences() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(root().resolve("known-differences.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.strip().split("\\s+", 2);
            out.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return out;
    }

    /**
     * The block affinities upstream writes straight into etcd before the suite (confd/tests/mock_data/etcd/block):
     * {@code /calico/ipam/v2/host/<host>/ipv4/block/<cidr> <json>}, decoded as calico4j decodes stored affinities.
     */
    static List<Resource> blockAffinities() throws IOException {
        List<Resource> out = new ArrayList<>();
        Pattern key = Pattern.compile("/calico/ipam/v2/host/([^/]+)/ipv[46]/block/(\\S+) (.*)");
        for (String line : Files.readAllLines(root().resolve("etcd-block"))) {
            Matcher m = key.matcher(line.strip());
            if (m.matches()) {
                BlockAffinity a = (BlockAffinity) IpamJson.decode(Kind.BLOCK_AFFINITY, m.group(1) + "/" + m.group(2),
                        new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.group(3)));
                out.add(a);
                // The block itself, affine to the host (as calico4j's IPAM creates it when it claims one).
                out.add(IpamBlock.empty(a.cidr(), "host:" + a.host(), null, 0));
            }
        }
        return out;
    }

    /** What calico4j renders for a scenario. */
    static String render(String scenario) throws IOException {
        Path dir = root().resolve(scenario);
        String text = Files.readString(dir.resolve("input.yaml"));
        Map<String, String> header = new HashMap<>();
        Matcher m = HEADER.matcher(text);
        while (m.find()) {
            header.put(m.group(1), m.group(2));
        }
        List<Resource> resources = new ArrayList<>(Manifest.parse(text).resources());
        resources.addAll(blockAffinities());
        Map<String, String> secrets = new HashMap<>();
        Path sp = dir.resolve("secrets.properties");
        if (Files.exists(sp)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(sp)) {
                p.load(in);
            }
            p.forEach((k, v) -> secrets.put(k.toString(), v.toString()));
        }
        BgpIntent intent = BgpIntents.compute(resources, SecretResolver.of(secrets)).get(header.get("node"));
        if (intent == null) {
            throw new AssertionError(scenario + ": node " + header.get("node") + " not in the fixture");
        }
        String rid = header.get("routerId");
        if (rid != null) {
            // CALICO_ROUTER_ID in the upstream test's environment.
            IpAddress id = rid.equals("hash") ? BgpIntents.hashedRouterId(intent.node()) : IpAddress.parse(rid);
            intent = intent.withRouterId(id);
        }
        List<BgpFilter> filters = resources.stream().filter(r -> r instanceof BgpFilter).map(r -> (BgpFilter) r).toList();
        return BirdConfig.render(intent, filters);
    }

    /** Differences between confd's golden files and calico4j's rendering, one line per fact. */
    static List<String> differences(String scenario, String rendered) throws IOException {
        Path dir = root().resolve(scenario);
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                files.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        String input = Files.readString(dir.resolve("input.yaml"));
        Set<String> nodeIps = new HashSet<>();
        for (Node n : Manifest.parse(input).resources(Node.class)) {
            n.spec().bgp().ifPresent(b -> {
                for (String a : new String[] {b.ipv4Address(), b.ipv6Address()}) {
                    if (a != null && !a.isEmpty()) {
                        nodeIps.add(a.replaceAll("/\\d+$", ""));
                    }
                }
            });
        }
        boolean services = input.contains("Kubernetes Services/EndpointSlices of this test are left out");
        Map<String, String> expected = BirdFacts.confd(files, nodeIps, services).facts();
        Map<String, String> actual = BirdFacts.calico4j(rendered).facts();
        List<String> out = new ArrayList<>();
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String k : keys) {
            String e = expected.get(k);
            String a = actual.get(k);
            if (!java.util.Objects.equals(e, a)) {
                out.add(k + ":\n    confd:    " + e + "\n    calico4j: " + a);
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> goldenScenarios() throws IOException {
        Map<String, String> known = knownDifferences();
        return scenarios().stream().map(s -> DynamicTest.dynamicTest(s, () -> {
            BirdCheck.requireBird();
            List<String> diffs = new ArrayList<>();
            try {
                String rendered = render(s);
                diffs.addAll(differences(s, rendered));
                String refused = BirdCheck.parse(rendered);
                if (refused != null) {
                    diffs.add("bird -p refuses calico4j's configuration: " + refused);
                }
            } catch (RuntimeException | AssertionError e) {
                diffs.add("calico4j could not render: " + e);
            }
            RESULTS.put(s, diffs);
            if (known.containsKey(s)) {
                if (diffs.isEmpty()) {
                    throw new AssertionError(s + " now matches confd: remove it from known-differences.txt");
                }
            } else {
                assertEquals("", String.join("\n", diffs), s + " differs from confd's golden output");
            }
        }));
    }

    @AfterAll
    static void summary() {
        long ok = RESULTS.values().stream().filter(List::isEmpty).count();
        System.out.println("confd golden scenarios matching: " + ok + " of " + RESULTS.size());
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                StringBuilder sb = new StringBuilder();
                RESULTS.forEach((k, v) -> sb.append(v.isEmpty() ? "match   " : "differs ").append(k).append('\n'));
                RESULTS.forEach((k, v) -> v.forEach(d -> sb.append(k).append(": ").append(d).append('\n')));
                Files.writeString(target.resolve("confd-conformance.txt"), sb);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
