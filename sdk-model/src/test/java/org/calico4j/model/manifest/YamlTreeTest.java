package org.calico4j.model.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Big YAML documents stream in up to a configurable size, with the alias, nesting and line guards kept. */
class YamlTreeTest {
    /** A mapping with {@code entries} list items, each about 40 characters: 100,000 make 4 MB, over SnakeYAML's 3 MiB default. */
    private static String bigDocument(int entries) {
        StringBuilder sb = new StringBuilder("items:\n");
        for (int i = 0; i < entries; i++) {
            sb.append("  - {name: workload-").append(i).append(", node: node-").append(i % 5000).append("}\n");
        }
        return sb.toString();
    }

    /** Nine levels of ten aliases each: 10^9 nodes if expanded. */
    static String aliasBomb() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        return bomb.toString();
    }

    private static String messageOf(Reader in, YamlLimits limits) {
        return assertThrows(ManifestException.class, () -> YamlTree.read(in, "big.yaml", limits)).getMessage();
    }

    @Test
    void aDocumentOverSnakeYamlsThreeMebibyteDefaultLoadsWhole() {
        String text = bigDocument(100_000);
        assertTrue(text.length() > 3 * 1024 * 1024, "the document must be over the old limit: " + text.length());
        JsonNode root = YamlTree.read(new StringReader(text), "big.yaml", YamlLimits.defaults());
        assertEquals(100_000, root.get("items").size());
        assertEquals("workload-99999", root.get("items").get(99_999).get("name").asText());
        assertEquals(256 * 1024 * 1024, YamlLimits.defaults().maxDocumentCodePoints());
    }

    @Test
    void theDocumentLimitIsConfigurableAndNamedWhenExceeded(@TempDir Path tmp) throws Exception {
        String text = bigDocument(30_000);
        String msg = messageOf(new StringReader(text), YamlLimits.defaults().withMaxDocumentCodePoints(1_000_000));
        assertTrue(msg.contains("big.yaml: document 1: yaml: the document is longer than the 1000000 code points allowed"
                + " (system property calico4j.yaml.maxDocumentCodePoints raises the default)"), msg);
        Path f = tmp.resolve("big.yaml");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        try (Reader r = Files.newBufferedReader(f)) {
            assertEquals(30_000, YamlTree.read(r, "big.yaml", YamlLimits.defaults().withMaxDocumentCodePoints(text.length())).get("items").size());
        }
    }

    @Test
    void theSystemPropertySetsTheDefaultAndABadValueIsNamed() {
        String old = System.getProperty(YamlLimits.MAX_DOCUMENT_PROPERTY);
        try {
            System.setProperty(YamlLimits.MAX_DOCUMENT_PROPERTY, "1000");
            assertEquals(1000, YamlLimits.defaults().maxDocumentCodePoints());
            System.setProperty(YamlLimits.MAX_DOCUMENT_PROPERTY, "lots");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, YamlLimits::defaults);
            assertEquals("system property calico4j.yaml.maxDocumentCodePoints: 'lots' is not a positive number of code points"
                    + " (at most 2147483647)", e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(YamlLimits.MAX_DOCUMENT_PROPERTY);
            } else {
                System.setProperty(YamlLimits.MAX_DOCUMENT_PROPERTY, old);
            }
        }
    }

    @Test
    void aliasBombsDeepNestingLongLinesAndDuplicateKeysAreStillRefused() {
        String msg = messageOf(new StringReader(aliasBomb()), YamlLimits.defaults());
        assertTrue(msg.contains("excessive aliasing (aliases copy more than 100000 nodes)"), msg);
        assertEquals(3, YamlTree.read(new StringReader("a: &x {k: v}\nb: *x\nc: {<<: *x, j: w}\n"), "s", YamlLimits.defaults()).size());

        String deep = "a: " + "[".repeat(300) + "]".repeat(300) + "\n";
        msg = messageOf(new StringReader(deep), YamlLimits.defaults());
        assertTrue(msg.contains("nesting depth") && msg.contains("256"), msg);

        String longLine = "a: b\nc: " + "x".repeat(200_000) + "\n";
        msg = messageOf(new StringReader(longLine), YamlLimits.defaults());
        assertTrue(msg.contains("yaml: line 2 is longer than the 131072 characters calico4j reads in one YAML line"), msg);

        msg = messageOf(new StringReader("a: 1\nb: 2\na: 3\n"), YamlLimits.defaults());
        assertTrue(msg.contains("key \"a\" already set in map"), msg);
    }

    @Test
    void oneDocumentOnlyAndAnEmptyStreamIsMissing() {
        String msg = messageOf(new StringReader("a: 1\n---\nb: 2\n"), YamlLimits.defaults());
        assertTrue(msg.contains("a second document; this file holds one YAML document"), msg);
        assertTrue(YamlTree.read(new StringReader(""), "s", YamlLimits.defaults()).isMissingNode());
    }

    @Test
    void limitsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> YamlLimits.defaults().withMaxDocumentCodePoints(0));
        assertEquals("maxDocumentCodePoints: 0 is not positive", e.getMessage());
    }
}
