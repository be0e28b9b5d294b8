package org.calico4j.examples.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README's Java blocks are these sources: each {@code ```java} block follows a marker
 * {@code <!-- snippet: PATH -->} (PATH relative to examples/snippets) and holds the file's tagged
 * regions ({@code // tag::x[]} to {@code // end::x[]}), in order, de-indented, separated by a
 * blank line. After editing a snippet, rewrite the README from the sources with
 * {@code -Dcalico4j.readme.write=true}.
 */
class ReadmeSnippetsTest {
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+) -->\\n```java\\n(.*?)```\\n", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[]\\s*$");

    private static Path readme() {
        return Path.of(System.getProperty("calico4j.readme"));
    }

    private static Path root() {
        return Path.of(System.getProperty("calico4j.snippets.root"));
    }

    /** The tagged regions of a source file, as the README shows them. */
    static String regions(Path source) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = TAG.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String end = "// end::" + m.group(1) + "[]";
            List<String> region = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).strip().equals(end); j++) {
                region.add(lines.get(j));
            }
            assertTrue(j < lines.size(), "no " + end + " in " + source);
            int indent = region.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
            blocks.add(region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")) + "\n");
            i = j;
        }
        assertTrue(!blocks.isEmpty(), "no tagged region in " + source);
        return String.join("\n", blocks);
    }

    @Test
    void everyJavaBlockOfTheReadmeIsACompiledSnippet() throws IOException {
        String text = Files.readString(readme(), StandardCharsets.UTF_8);
        long javaBlocks = text.lines().filter(l -> l.equals("```java")).count();
        Matcher m = MARKER.matcher(text);
        Set<String> referenced = new TreeSet<>();
        int marked = 0;
        while (m.find()) {
            marked++;
            referenced.add(m.group(1));
            assertEquals(regions(root().resolve(m.group(1))), m.group(2),
                    "README block for " + m.group(1) + " differs from the source (rewrite it with -Dcalico4j.readme.write=true)");
        }
        assertEquals(javaBlocks, marked, "every ```java block in the README is preceded by <!-- snippet: PATH -->");
        Set<String> sources;
        try (Stream<Path> files = Files.walk(root().resolve("src"))) {
            sources = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            return Files.readAllLines(p).stream().anyMatch(l -> TAG.matcher(l).matches());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(p -> root().relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(sources, referenced, "every snippet source is shown in the README");
    }

    /** With -Dcalico4j.readme.write=true: rewrites the README's marked blocks from the sources. */
    @Test
    void writeReadmeWhenAsked() throws IOException {
        if (!Boolean.getBoolean("calico4j.readme.write")) {
            return;
        }
        String text = Files.readString(readme(), StandardCharsets.UTF_8);
        Matcher m = MARKER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(
                    "<!-- snippet: " + m.group(1) + " -->\n```java\n" + regions(root().resolve(m.group(1))) + "```\n"));
        }
        m.appendTail(out);
        Files.writeString(readme(), out.toString(), StandardCharsets.UTF_8);
    }
}
