package org.calico4j.model.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.calico4j.model.Resource;
import org.calico4j.model.internal.ManifestReader;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations aimed at the reader itself — aliases, anchors and merge keys, deep nesting,
 * huge scalars, invalid UTF-8, duplicate keys, alias bombs — with an oracle: a mutation that
 * keeps the meaning must give exactly the resources of its plain form; any other must give a
 * clean {@link ManifestException} (never another exception, never a Java class name in the
 * text); and no input may take more than a second per MB (plus a fixed allowance for small ones).
 */
class ManifestHardeningFuzzTest {
    private static final int CASES = 1_500;
    private static final String HEAD = "apiVersion: projectcalico.org/v3\nkind: IPPool\n";

    @Test
    void aliasesMergesAndDamageGiveTheRightValueOrACleanErrorInLinearTime() {
        int same = 0;
        int refused = 0;
        double worstSecondsPerMb = 0;
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(seed);
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
                labels.put("k" + i, "v" + r.nextInt(3)); // repeated values invite aliases
            }
            String plain = plainForm(labels, seed);
            int family = r.nextInt(7);
            byte[] input;
            boolean keepsMeaning = false;
            switch (family) {
                case 0 -> {
                    input = aliased(labels, seed, r).getBytes(StandardCharsets.UTF_8);
                    keepsMeaning = true;
                }
                case 1 -> input = withInvalidUtf8(plain, r);
                case 2 -> input = withDuplicateKey(plain, r).getBytes(StandardCharsets.UTF_8);
                case 3 -> input = deep(plain, 257 + r.nextInt(3000), r).getBytes(StandardCharsets.UTF_8);
                case 4 -> input = hugeScalar(plain, r).getBytes(StandardCharsets.UTF_8);
                case 5 -> input = bomb(plain, 3 + r.nextInt(8)).getBytes(StandardCharsets.UTF_8);
                default -> input = damaged(aliased(labels, seed, r), r).getBytes(StandardCharsets.UTF_8);
            }
            long started = System.nanoTime();
            List<Resource> got = null;
            String error = null;
            try {
                got = Manifest.parse(Manifest.decode(input, "fuzz-" + seed)).resources();
            } catch (ManifestException e) {
                error = e.getMessage();
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("seed " + seed + " (family " + family + "): " + e + " escaped", e);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double mb = input.length / 1e6;
            worstSecondsPerMb = Math.max(worstSecondsPerMb, mb > 0.1 ? seconds / mb : 0);
            assertTrue(seconds <= 0.5 + mb, "seed " + seed + " (family " + family + "): " + seconds + " s for " + mb + " MB");
            if (keepsMeaning) {
                assertEquals(Manifest.parse(plain).resources(), got, "seed " + seed + ": an alias changed the value\n"
                        + new String(input, StandardCharsets.UTF_8));
                same++;
            } else if (family <= 5) {
                assertTrue(error != null, "seed " + seed + " (family " + family + ") was accepted:\n" + head(input));
            }
            if (error != null) {
                refused++;
                assertFalse(error.contains("Exception") || error.contains("com.fasterxml") || error.contains("org.yaml"),
                        "seed " + seed + " leaks a Java name: " + error);
                assertTrue(error.startsWith("fuzz-" + seed + ":") || error.startsWith("<string>:"), error);
            }
        }
        System.out.printf("reader fuzz: %d cases, %d alias/merge forms equal to their plain form, %d refused cleanly,"
                + " worst %.2f s/MB%n", CASES, same, refused, worstSecondsPerMb);
    }

    private static String head(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    private static String plainForm(Map<String, String> labels, int seed) {
        StringBuilder sb = new StringBuilder(HEAD + "metadata:\n  name: pool-" + seed + "\n  labels:\n");
        labels.forEach((k, v) -> sb.append("    ").append(k).append(": ").append(v).append('\n'));
        sb.append("  annotations:\n");
        labels.forEach((k, v) -> sb.append("    ").append(k).append(": ").append(k.equals("k0") ? "over" : v).append('\n'));
        sb.append("    extra: ").append(labels.get("k0")).append('\n');
        return sb.append("spec:\n  cidr: 10.").append(seed % 200).append(".0.0/16\n").toString();
    }

    /** The same resource with anchors on first values, aliases on repeats, and the annotations merged from the labels. */
    private static String aliased(Map<String, String> labels, int seed, Random r) {
        StringBuilder sb = new StringBuilder(HEAD + "metadata:\n  name: pool-" + seed + "\n  labels: &L\n");
        Map<String, String> anchorOf = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String anchor = anchorOf.get(e.getValue());
            String quoted = r.nextBoolean() ? e.getValue() : "\"" + e.getValue() + "\"";
            if (anchor == null) {
                anchor = "a" + anchorOf.size();
                anchorOf.put(e.getValue(), anchor);
                sb.append("    ").append(e.getKey()).append(": &").append(anchor).append(' ').append(quoted).append('\n');
            } else {
                sb.append("    ").append(e.getKey()).append(": *").append(anchor).append('\n');
            }
        }
        sb.append("  annotations:\n    <<: ").append(r.nextBoolean() ? "*L" : "[*L]").append("\n    k0: over\n");
        sb.append("    extra: *").append(anchorOf.get(labels.get("k0"))).append('\n');
        return sb.append("spec:\n  cidr: 10.").append(seed % 200).append(".0.0/16\n").toString();
    }

    private static byte[] withInvalidUtf8(String text, Random r) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xe2, (byte) 0x28, (byte) 0xa1}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xc0, (byte) 0xaf}};
        byte[] ins = bad[r.nextInt(bad.length)];
        int at = r.nextInt(b.length);
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        return out;
    }

    private static String withDuplicateKey(String text, Random r) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        List<Integer> keyed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(" +k[0-9]+: .*")) {
                keyed.add(i);
            }
        }
        int i = keyed.get(r.nextInt(keyed.size()));
        lines.add(i + 1, lines.get(i).replaceFirst(": .*", ": other"));
        return String.join("\n", lines) + "\n";
    }

    private static String deep(String text, int depth, Random r) {
        String open = r.nextBoolean() ? "[" : "{a: ";
        String close = open.equals("[") ? "]" : "}";
        return text.replace("  annotations:\n", "  annotations: {deep: " + open.repeat(depth) + "x" + close.repeat(depth)
                + "}\n  ignored:\n");
    }

    private static String hugeScalar(String text, Random r) {
        int size = ManifestReader.MAX_YAML_LINE + 1 + r.nextInt(6 * 1024 * 1024);
        String quote = r.nextBoolean() ? "\"" : "";
        return text.replace("    extra: ", "    huge: " + quote + "z".repeat(size) + quote + "\n    extra: ");
    }

    private static String bomb(String text, int levels) {
        StringBuilder sb = new StringBuilder("  annotations: {}\n  bomb0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= levels; i++) {
            sb.append("  bomb").append(i).append(": &b").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                sb.append(j == 0 ? "" : ", ").append("*b").append(i - 1);
            }
            sb.append("]\n");
        }
        return text.replaceFirst("  annotations:\n", sb.toString() + "  other:\n");
    }

    private static String damaged(String text, Random r) {
        StringBuilder sb = new StringBuilder(text);
        String damage = "&*<>{}[]:,-'\"#!|\n \t";
        for (int i = 0; i < 1 + r.nextInt(4); i++) {
            sb.setCharAt(r.nextInt(sb.length()), damage.charAt(r.nextInt(damage.length())));
        }
        return sb.toString();
    }
}
