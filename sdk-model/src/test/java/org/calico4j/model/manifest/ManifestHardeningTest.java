package org.calico4j.model.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.calico4j.model.IpPool;
import org.calico4j.model.internal.ManifestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aliases resolved (never stored as their names), long lines refused before the quadratic scan, strict UTF-8. */
class ManifestHardeningTest {
    private static final String HEAD = "apiVersion: projectcalico.org/v3\nkind: IPPool\n";

    private static IpPool pool(String text) {
        return (IpPool) Manifest.parse(text).resources().get(0);
    }

    @Test
    void anAliasIsTheValueOfItsAnchorNotItsName() {
        IpPool p = pool(HEAD + "metadata:\n  name: a\n  labels:\n    env: &e prod\n    tier: *e\nspec:\n  cidr: 10.0.0.0/16\n");
        assertEquals(Map.of("env", "prod", "tier", "prod"), p.metadata().labels());
    }

    @Test
    void aliasesOfMapsAndMergeKeysAsGoYamlReadsThem() {
        IpPool p = pool(HEAD + "metadata:\n  name: a\n  labels: &l {env: prod, tier: web}\n  annotations:\n    <<: *l\n"
                + "    tier: db\n    extra: x\nspec: &s\n  cidr: 10.0.0.0/16\n  natOutgoing: true\n");
        assertEquals(Map.of("env", "prod", "tier", "web"), p.metadata().labels());
        assertEquals(Map.of("env", "prod", "tier", "db", "extra", "x"), p.metadata().annotations(), "explicit keys win");
        assertTrue(p.spec().natOutgoing());
    }

    @Test
    void anUnknownAliasOrAnAliasBombIsAClearError() {
        ManifestException unknown = assertThrows(ManifestException.class,
                () -> Manifest.parse(HEAD + "metadata:\n  name: a\n  labels: {tier: *nope}\nspec: {cidr: 10.0.0.0/16}\n"));
        assertTrue(unknown.getMessage().contains("unknown anchor 'nope'"), unknown.getMessage());
        ManifestException e = assertThrows(ManifestException.class,
                () -> Manifest.parse(YamlTreeTest.aliasBomb() + HEAD + "metadata: {name: a}\n"));
        assertTrue(e.getMessage().contains("excessive aliasing"), e.getMessage());
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedBeforeItIsScanned() {
        String big = "x".repeat(4 * 1024 * 1024);
        ManifestException e = assertThrows(ManifestException.class,
                () -> Manifest.parse(HEAD + "metadata:\n  name: a\n  annotations: {k: " + big + "}\nspec: {cidr: 10.0.0.0/16}\n"));
        assertTrue(e.getMessage().contains("line 5 is " + (big.length() + 20) + " characters long, longer than the "
                + ManifestReader.MAX_YAML_LINE), e.getMessage());
    }

    @Test
    void longValuesStillFitAsBlockScalarsOrAsJson() {
        String big = "y".repeat(1024 * 1024);
        StringBuilder block = new StringBuilder(HEAD + "metadata:\n  name: a\n  annotations:\n    k: >-\n");
        for (int i = 0; i < big.length(); i += 1000) {
            block.append("      ").append(big, i, Math.min(big.length(), i + 1000)).append('\n');
        }
        block.append("spec: {cidr: 10.0.0.0/16}\n");
        assertEquals(big.replace("\n", ""), pool(block.toString()).metadata().annotations().get("k").replace(" ", ""));
        String json = "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"a\",\"annotations\":{\"k\":\""
                + big + "\"}},\"spec\":{\"cidr\":\"10.0.0.0/16\"}}";
        assertEquals(big, pool(json).metadata().annotations().get("k"));
    }

    @Test
    void aRejectedMegabyteValueIsEchoedShortenedWithItsLength() {
        String selector = "a == '" + "x".repeat(1024 * 1024) + "' &&";
        IpPool p = pool(HEAD + "metadata:\n  name: a\nspec:\n  cidr: 10.0.0.0/16\n  nodeSelector: |-\n    "
                + selector.substring(0, 100_000) + "\n" + "    " + selector.substring(100_000).replaceAll("(.{100000})", "$1\n    ")
                + "\n");
        org.calico4j.model.validation.ValidationException e = assertThrows(org.calico4j.model.validation.ValidationException.class,
                () -> org.calico4j.model.validation.Validator.standard().validate(p));
        assertTrue(e.getMessage().length() < 2_000, "message of " + e.getMessage().length() + " characters");
        assertTrue(e.getMessage().contains("IPPool \"a\": error with field NodeSelector = 'a == 'xxx"), e.getMessage());
        assertTrue(e.getMessage().contains("... (" + p.spec().nodeSelector().length() + " characters)"), e.getMessage());
        assertEquals(p.spec().nodeSelector(), e.violations().get(0).value().orElseThrow(), "the value itself stays whole");
    }

    @Test
    void invalidUtf8IsAnErrorNamingTheSourceOffsetAndLineFromFilesAndStreams(@TempDir Path tmp) throws Exception {
        byte[] text = (HEAD + "metadata:\n  name: ab\nspec: {cidr: 10.0.0.0/16}\n---\n" + HEAD + "metadata:\n  name: cd\n")
                .getBytes(StandardCharsets.UTF_8);
        int at = new String(text, StandardCharsets.UTF_8).indexOf("cd");
        text[at] = (byte) 0xc3; // a two-byte sequence cut short
        Path f = Files.write(tmp.resolve("bad.yaml"), text);
        ManifestException fromFile = assertThrows(ManifestException.class, () -> Manifest.read(f));
        assertEquals(f + ": document 2: invalid UTF-8 at byte offset " + at + " (line 10): byte 0xc3", fromFile.getMessage());
        ManifestException fromStream = assertThrows(ManifestException.class,
                () -> Manifest.read(new ByteArrayInputStream(text), "-"));
        assertTrue(fromStream.getMessage().startsWith("-: document 2: invalid UTF-8 at byte offset " + at), fromStream.getMessage());
    }
}
