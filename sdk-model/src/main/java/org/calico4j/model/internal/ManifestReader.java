package org.calico4j.model.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.manifest.ManifestEntry;
import org.calico4j.model.manifest.ManifestProblem;
import org.calico4j.model.manifest.YamlLimits;

/**
 * calicoctl's manifest loading: split the stream on {@code ---} lines, read each document as one
 * resource, a typed {@code <Kind>List} or a plain list of resources, look each up by exact
 * apiVersion and kind, and decode it strictly.
 */
public final class ManifestReader {
    /** calicoctl's limit on one document. */
    public static final int MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
    /**
     * The longest line read as YAML. The YAML scanner's time grows with the square of a single
     * token's length, and a token never spans a line end unless it is a multi-line scalar (which is
     * scanned line by line), so this bounds parsing at well under a second per MB. Longer values fit
     * as block scalars ({@code |}) or folded lines; a JSON document is read by the JSON parser,
     * which has no such limit.
     */
    public static final int MAX_YAML_LINE = YamlLimits.DEFAULT_MAX_LINE_LENGTH;

    private static final ObjectMapper YAML = YamlDocuments.mapper(new YamlLimits(MAX_DOCUMENT_BYTES + 1, MAX_YAML_LINE,
            YamlLimits.DEFAULT_MAX_NESTING_DEPTH, YamlTrees.MAX_ALIAS_NODES)); // the document limit, checked here, rules
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(YamlLimits.DEFAULT_MAX_NESTING_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private ManifestReader() {
    }

    /**
     * Reads every document. Documents are numbered from 1, counting those that hold anything.
     * When the stream's {@code ---} lines are plain separators, one YAML parser reads the whole
     * stream (a parser per document costs more than the parse); otherwise, or when that parse
     * fails anywhere, each {@code ---}-separated chunk is read on its own, as calicoctl does,
     * so that one broken document does not hide the others.
     */
    public static List<ManifestEntry> read(String text, String source) {
        List<ManifestEntry> json = readJson(text, source);
        if (json != null) {
            return json;
        }
        String longLine = longLine(text);
        if (longLine != null) {
            return List.of(ManifestEntry.failed(new ManifestProblem(source, 1, "", "", List.of(longLine))));
        }
        if (plainSeparators(text)) {
            List<ManifestEntry> fast = readStream(text, source);
            if (fast != null) {
                return fast;
            }
        }
        List<ManifestEntry> out = new ArrayList<>();
        int index = 0;
        for (String doc : (Iterable<String>) () -> chunks(text)) {
            JsonNode tree = parse(doc, source, index + 1, out);
            if (tree != null) {
                index++;
                readTree(tree, source, index, out);
            } else if (out.size() > 0 && out.get(out.size() - 1).document() == index + 1
                    && out.get(out.size() - 1).problem().isPresent()) {
                index++;
            }
        }
        return out;
    }

    /**
     * A manifest that is one JSON document (or several, one after another), read by the JSON
     * parser: linear in its size, however long its lines. Null when it is not JSON, and the YAML
     * reader decides (JSON is YAML, so the result is the same either way).
     */
    private static List<ManifestEntry> readJson(String text, String source) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i == text.length() || (text.charAt(i) != '{' && text.charAt(i) != '[')) {
            return null;
        }
        List<JsonNode> trees = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(text)) {
            while (p.nextToken() != null) {
                trees.add(JSON.readTree(p));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (text.length() > MAX_DOCUMENT_BYTES && trees.size() == 1) {
            return List.of(ManifestEntry.failed(new ManifestProblem(source, 1, "", "",
                    List.of("document is larger than the 10 MiB calicoctl accepts"))));
        }
        return readTrees(trees, source);
    }

    /** The problem with the first line longer than {@link #MAX_YAML_LINE}, or null. */
    private static String longLine(String text) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_YAML_LINE) {
                    return "yaml: line " + line + " is " + (i - start) + " characters long, longer than the " + MAX_YAML_LINE
                            + " calico4j reads in one YAML line; split a long value over lines (a block scalar, |) or"
                            + " give the manifest as JSON";
                }
                line++;
                start = i + 1;
            }
        }
        return null;
    }

    /**
     * Whether every line starting {@code ---}, {@code ...} or {@code %} is a plain separator. The
     * stream's length does not matter: the YAML parser counts code points per document, so a
     * document over the limit fails the single-parser path and the per-chunk path names it.
     */
    private static boolean plainSeparators(String text) {
        int i = 0;
        while (i < text.length()) {
            int eol = text.indexOf('\n', i);
            int end = eol < 0 ? text.length() : eol;
            if (text.startsWith("---", i) || text.startsWith("...", i) || text.startsWith("%", i)) {
                for (int k = i + 3; k < end; k++) {
                    char c = text.charAt(k);
                    if (c != ' ' && c != '\t' && c != '\r') {
                        return false;
                    }
                }
                if (text.charAt(i) != '-') {
                    return false;
                }
            }
            i = end + 1;
        }
        return true;
    }

    /** Reads already-parsed documents (e.g. values read from a datastore). */
    public static List<ManifestEntry> readTrees(List<JsonNode> trees, String source) {
        List<ManifestEntry> out = new ArrayList<>();
        for (int i = 0; i < trees.size(); i++) {
            readTree(trees.get(i), source, i + 1, out);
        }
        return out;
    }

    /**
     * The single-parser path; null when anything in the stream fails to parse. Each document's tree
     * becomes entries before the next is read, so only one tree is held at a time.
     */
    private static List<ManifestEntry> readStream(String text, String source) {
        List<ManifestEntry> out = new ArrayList<>();
        int index = 0;
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            while (p.nextToken() != null) {
                JsonNode tree = YamlTrees.read(YAML, p);
                if (!isEmpty(tree)) {
                    readTree(tree, source, ++index, out);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return out;
    }

    /**
     * The chunks between lines starting with {@code ---} (the rest of such a line is ignored, as
     * calicoctl does), one at a time, so that a big stream is not copied whole.
     */
    private static java.util.Iterator<String> chunks(String text) {
        return new java.util.Iterator<>() {
            private int start;
            private int lineStart;
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public String next() {
                if (done) {
                    throw new java.util.NoSuchElementException();
                }
                int n = text.length();
                while (lineStart <= n) {
                    int eol = text.indexOf('\n', lineStart);
                    int lineEnd = eol < 0 ? n : eol;
                    int at = lineStart;
                    lineStart = eol < 0 ? n + 1 : lineEnd + 1;
                    if (text.startsWith("---", at)) {
                        String doc = text.substring(start, at);
                        start = eol < 0 ? n : eol + 1;
                        return doc;
                    }
                }
                done = true;
                return text.substring(start);
            }
        };
    }

    /** Parses one chunk; null for an empty document or a syntax error (which is recorded). */
    private static JsonNode parse(String doc, String source, int index, List<ManifestEntry> out) {
        if (doc.length() > MAX_DOCUMENT_BYTES) {
            out.add(ManifestEntry.failed(new ManifestProblem(source, index, "", "",
                    List.of("document is larger than the 10 MiB calicoctl accepts"))));
            return null;
        }
        JsonNode tree;
        try (JsonParser p = YAML.getFactory().createParser(doc)) {
            tree = p.nextToken() == null ? null : YamlTrees.read(YAML, p);
        } catch (StreamConstraintsException e) {
            out.add(ManifestEntry.failed(new ManifestProblem(source, index, "", "", List.of("yaml: " + firstLine(e.getOriginalMessage())))));
            return null;
        } catch (JsonParseException e) {
            out.add(ManifestEntry.failed(new ManifestProblem(source, index, "", "", List.of(yamlMessage(e)))));
            return null;
        } catch (IOException | RuntimeException e) {
            out.add(ManifestEntry.failed(new ManifestProblem(source, index, "", "", List.of("yaml: " + firstLine(e.getMessage())))));
            return null;
        }
        return isEmpty(tree) ? null : tree;
    }

    /** A document with nothing in it (the YAML parser reads an empty document as null or ""). */
    private static boolean isEmpty(JsonNode tree) {
        return tree == null || tree.isMissingNode() || tree.isNull() || (tree.isTextual() && tree.textValue().isEmpty());
    }

    private static void readTree(JsonNode tree, String source, int index, List<ManifestEntry> out) {
        if (tree.isArray()) {
            for (JsonNode item : tree) {
                readResource(item, source, index, null, out);
            }
            return;
        }
        if (!tree.isObject()) {
            out.add(ManifestEntry.failed(new ManifestProblem(source, index, "", "",
                    List.of("cannot unmarshal " + Fields.jsonKind(tree, false) + " into a resource or a list of resources"))));
            return;
        }
        readResource(tree, source, index, null, out);
    }

    private static void readResource(JsonNode node, String source, int index, Kind listKind, List<ManifestEntry> out) {
        if (!node.isObject()) {
            out.add(ManifestEntry.failed(new ManifestProblem(source, index, "", "",
                    List.of("cannot unmarshal " + Fields.jsonKind(node, false) + " into a resource"))));
            return;
        }
        for (String meta : new String[] {"apiVersion", "kind"}) {
            JsonNode v = field(node, meta);
            if (v != null && !v.isTextual() && !v.isNull()) {
                out.add(ManifestEntry.failed(new ManifestProblem(source, index, "", "", List.of("cannot unmarshal "
                        + Fields.jsonKind(v, false) + " into Go struct field TypeMeta." + meta + " of type string"))));
                return;
            }
        }
        String kind = text(node, "kind");
        String apiVersion = text(node, "apiVersion");
        String name = node.path("metadata").path("name").asText("");
        if (listKind != null && kind.isEmpty() && apiVersion.isEmpty()) {
            kind = listKind.kindName();
            apiVersion = Kind.API_VERSION;
        }
        if (kind.isEmpty()) {
            out.add(ManifestEntry.failed(new ManifestProblem(source, index, "", name,
                    List.of("Object 'Kind' is missing in document " + index))));
            return;
        }
        if (!Kind.API_VERSION.equals(apiVersion)) {
            out.add(ManifestEntry.failed(unknownType(source, index, kind, apiVersion, name)));
            return;
        }
        Kind k = Kind.fromKindName(kind).filter(c -> !c.isInternal()).orElse(null);
        if (k == null) {
            Kind list = null;
            for (Kind c : Kind.values()) {
                if (!c.isInternal() && c.listKind().equals(kind)) {
                    list = c;
                }
            }
            if (list == null || listKind != null) {
                out.add(ManifestEntry.failed(unknownType(source, index, kind, apiVersion, name)));
                return;
            }
            readList(node, list, source, index, out);
            return;
        }
        if (listKind != null && k != listKind) {
            out.add(ManifestEntry.failed(new ManifestProblem(source, index, kind, name,
                    List.of("item of kind " + kind + " in a " + listKind.listKind()))));
            return;
        }
        DecodeErrors errors = new DecodeErrors();
        Resource r = Codecs.forKind(k).decode(node, errors);
        if (errors.isEmpty()) {
            out.add(ManifestEntry.loaded(index, r));
        } else {
            out.add(ManifestEntry.failed(new ManifestProblem(source, index, kind, name, errors.messages())));
        }
    }

    private static void readList(JsonNode node, Kind kind, String source, int index, List<ManifestEntry> out) {
        DecodeErrors errors = new DecodeErrors();
        Fields f = Fields.of(node, "", kind.listKind(), errors, List.of("kind", "apiVersion", "metadata", "items"));
        JsonNode meta = f.raw("metadata");
        if (meta != null) {
            if (!meta.isObject()) {
                errors.add("cannot unmarshal " + Fields.jsonKind(meta, false) + " into Go struct field "
                        + kind.listKind() + ".metadata of type v1.ListMeta");
            } else {
                Fields.of(meta, "metadata", "ListMeta", errors,
                        List.of("selfLink", "resourceVersion", "continue", "remainingItemCount"));
            }
        }
        JsonNode items = f.raw("items");
        if (items != null && !items.isArray()) {
            errors.add("cannot unmarshal " + Fields.jsonKind(items, false) + " into Go struct field "
                    + kind.listKind() + ".items of type []v3." + kind.kindName());
        }
        if (!errors.isEmpty()) {
            out.add(ManifestEntry.failed(new ManifestProblem(source, index, kind.listKind(), "", errors.messages())));
            return;
        }
        if (items != null) {
            for (JsonNode item : items) {
                readResource(item, source, index, kind, out);
            }
        }
    }

    private static ManifestProblem unknownType(String source, int index, String kind, String apiVersion, String name) {
        return new ManifestProblem(source, index, kind, name,
                List.of("unknown resource type (" + kind + ") and/or version (" + apiVersion + ")"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = field(node, field);
        return v == null || !v.isTextual() ? "" : v.textValue();
    }

    /** A top-level field, matched as Go matches keys: exactly, else case-insensitively. */
    private static JsonNode field(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equalsIgnoreCase(field)) {
                    v = e.getValue();
                }
            }
        }
        return v;
    }

    static String yamlMessage(JsonParseException e) {
        String msg = e.getOriginalMessage();
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        if (msg != null && msg.startsWith("Duplicate field '")) {
            String key = msg.substring("Duplicate field '".length(), msg.indexOf('\'', "Duplicate field '".length()));
            return "yaml: unmarshal errors: line " + line + ": key \"" + key + "\" already set in map";
        }
        return "yaml: line " + line + ": " + firstLine(msg);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "invalid document";
        }
        int nl = s.indexOf('\n');
        return withoutJavaNames(nl < 0 ? s : s.substring(0, nl));
    }

    /** The YAML library names its events by Java class ({@code <org.yaml.snakeyaml.events.AliasEvent(anchor=a)>}); users read YAML. */
    private static String withoutJavaNames(String s) {
        return s.replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.AliasEvent\\(anchor=([^)]*)\\)>", "an alias (*$1)")
                .replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+)Event\\([^>]*\\)>", "a $1")
                .replaceAll("org\\.yaml\\.snakeyaml\\.[\\w.]*\\.", "");
    }
}
