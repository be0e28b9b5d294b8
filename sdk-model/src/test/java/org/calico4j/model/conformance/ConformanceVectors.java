package org.calico4j.model.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The Calico conformance vectors (copied from the shared conformance suite into this module's
 * test resources) and the one checker both the API and the CLI tests use: it judges a run by
 * the text it printed, exactly as the conformance README describes.
 */
public final class ConformanceVectors {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConformanceVectors() {
    }

    /** The vector folder: {@code calico4j.conformance.dir} if set, else this module's test resources. */
    public static Path dir() {
        String p = System.getProperty("calico4j.conformance.dir");
        if (p != null) {
            return Path.of(p);
        }
        Path local = Path.of("src/test/resources/conformance/model");
        if (Files.isDirectory(local)) {
            return local;
        }
        return Path.of("../../sdk-model/src/test/resources/conformance/model");
    }

    /** A manifest case: {@code <ID>.yaml} with {@code <ID>.expect.yaml}. */
    public record ManifestCase(String id, Path manifest, JsonNode expect) {
        public boolean accept() {
            return "accept".equals(expect.path("outcome").asText());
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** A selector case: {@code <ID>.selector.yaml}. */
    public record SelectorCase(String id, String selector, boolean valid, List<Sample> samples) {
        @Override
        public String toString() {
            return id;
        }
    }

    public record Sample(Map<String, String> labels, boolean matches) {
    }

    public static List<ManifestCase> manifestCases() {
        List<ManifestCase> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir())) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".expect.yaml")) {
                    String id = name.substring(0, name.length() - ".expect.yaml".length());
                    out.add(new ManifestCase(id, p.resolveSibling(id + ".yaml"), YAML.readTree(p.toFile())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.size() < 100) {
            throw new IllegalStateException("conformance vectors missing under " + dir().toAbsolutePath());
        }
        return out;
    }

    public static List<SelectorCase> selectorCases() {
        List<SelectorCase> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir())) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".selector.yaml")) {
                    continue;
                }
                JsonNode n = YAML.readTree(p.toFile());
                List<Sample> samples = new ArrayList<>();
                for (JsonNode s : n.path("samples")) {
                    Map<String, String> labels = new java.util.LinkedHashMap<>();
                    s.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                    samples.add(new Sample(labels, s.path("matches").asBoolean()));
                }
                out.add(new SelectorCase(name.substring(0, name.indexOf('.')), n.path("selector").asText(""),
                        n.path("valid").asBoolean(), samples));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.size() < 20) {
            throw new IllegalStateException("selector vectors missing under " + dir().toAbsolutePath());
        }
        return out;
    }

    public static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Judges one run: {@code ok} is whether it succeeded (exit 0), {@code output} what it printed
     * on success (YAML), {@code errors} what it printed otherwise.
     */
    public static void verify(ManifestCase c, boolean ok, String output, String errors) {
        JsonNode e = c.expect();
        if (c.accept()) {
            if (!ok) {
                throw new AssertionError(c.id() + ": expected accept, got:\n" + errors + output);
            }
            List<JsonNode> printed = resources(output);
            for (JsonNode want : e.path("resources")) {
                JsonNode got = find(printed, want.path("kind").asText(), want.path("name").asText());
                if (got == null) {
                    throw new AssertionError(c.id() + ": " + want.path("kind").asText() + "/" + want.path("name").asText()
                            + " not in output:\n" + output);
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = want.path("spec").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    JsonNode actual = got.path("spec").get(f.getKey());
                    if (actual == null || !same(f.getKey(), f.getValue(), actual)) {
                        throw new AssertionError(c.id() + ": spec." + f.getKey() + " expected " + f.getValue()
                                + " but was " + actual + "\n" + output);
                    }
                }
            }
        } else {
            if (ok) {
                throw new AssertionError(c.id() + ": expected reject, but it was accepted:\n" + output);
            }
            String all = errors + "\n" + output;
            for (JsonNode r : e.path("reasons")) {
                if (!all.contains(r.asText())) {
                    throw new AssertionError(c.id() + ": reason '" + r.asText() + "' not in:\n" + all);
                }
            }
            for (JsonNode f : e.path("fields")) {
                if (!all.contains(f.asText())) {
                    throw new AssertionError(c.id() + ": field '" + f.asText() + "' not in:\n" + all);
                }
            }
        }
    }

    private static boolean same(String key, JsonNode want, JsonNode got) {
        if (key.equals("asNumber") || key.equals("localASNumber")) {
            return want.asText().equals(got.asText());
        }
        if (want.isArray() && got.isArray()) {
            if (want.size() != got.size()) {
                return false;
            }
            if (key.equals("allowedUses")) {
                for (int i = 0; i < want.size(); i++) {
                    if (!same("", want.get(i), got.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            List<JsonNode> left = new ArrayList<>();
            got.forEach(left::add);
            for (JsonNode w : want) {
                boolean found = false;
                for (Iterator<JsonNode> it = left.iterator(); it.hasNext(); ) {
                    if (same("", w, it.next())) {
                        it.remove();
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (want.isObject() && got.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode g = got.get(f.getKey());
                if (g == null || !same(f.getKey(), f.getValue(), g)) {
                    return false;
                }
            }
            return want.size() == got.size();
        }
        if (want.isNumber() && got.isNumber()) {
            return want.decimalValue().compareTo(got.decimalValue()) == 0;
        }
        return want.equals(got);
    }

    private static JsonNode find(List<JsonNode> printed, String kind, String name) {
        for (JsonNode r : printed) {
            if (kind.equals(r.path("kind").asText()) && name.equals(r.path("metadata").path("name").asText())) {
                return r;
            }
        }
        return null;
    }

    /** The resources in printed YAML: documents, lists, or typed {@code <Kind>List}s. */
    public static List<JsonNode> resources(String yaml) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (doc.isArray()) {
                    doc.forEach(out::add);
                } else if (doc.path("kind").asText().endsWith("List")) {
                    doc.path("items").forEach(out::add);
                } else {
                    out.add(doc);
                }
            }
        } catch (IOException ex) {
            throw new AssertionError("printed YAML does not parse: " + ex.getMessage() + "\n" + yaml, ex);
        }
        return out;
    }
}
