package org.calico4j.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a consumer that imports {@code calico4j-bom} resolves ({@code mvn dependency:tree} of this
 * project, written to target/dependency-tree.txt by the build): one version per library family.
 * Without the BOM's Netty line the tree held Netty 4.2 (Vert.x, jetcd) next to 4.1 (grpc-netty).
 */
class BomAlignmentTest {
    /** groupId:artifactId:type:version:scope, as dependency:tree prints each node. */
    private static final Pattern NODE = Pattern.compile("([\\w.\\-]+):([\\w.\\-]+):[\\w\\-]+(?::[\\w\\-]+)?:([\\w.\\-]+):(compile|runtime|test|provided|system)");

    private static Map<String, Set<String>> versionsByArtifact() throws IOException {
        Map<String, Set<String>> versions = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("consumer.tree")))) {
            Matcher m = NODE.matcher(line);
            if (m.find()) {
                versions.computeIfAbsent(m.group(1) + ":" + m.group(2), k -> new TreeSet<>()).add(m.group(3));
            }
        }
        assertFalse(versions.isEmpty(), "dependency tree is empty");
        return versions;
    }

    /** The versions of every artifact of a family (groupId prefix), artifacts on their own release line left out. */
    private static Set<String> family(Map<String, Set<String>> all, String groupPrefix, Set<String> ownLine) {
        Set<String> found = new TreeSet<>();
        all.forEach((ga, v) -> {
            if (ga.startsWith(groupPrefix) && !ownLine.contains(ga.substring(ga.indexOf(':') + 1))) {
                found.addAll(v);
            }
        });
        return found;
    }

    @Test
    void nettyIsOneVersionAcrossAllItsArtifacts() throws Exception {
        Map<String, Set<String>> all = versionsByArtifact();
        Set<String> netty = family(all, "io.netty:", Set.of("netty-tcnative-classes", "netty-tcnative-boringssl-static", "netty-tcnative"));
        assertTrue(all.containsKey("io.netty:netty-common"), "the etcd module brings Netty: " + all.keySet());
        assertEquals(1, netty.size(), "Netty versions a consumer gets: " + netty + " in " + all);
        assertEquals(buildProperty("netty.version"), netty.iterator().next(), "the Netty calico4j is built and tested with");
    }

    @Test
    void grpcProtobufAndJacksonAreOneVersionEach() throws Exception {
        Map<String, Set<String>> all = versionsByArtifact();
        assertEquals(1, family(all, "io.grpc:", Set.of()).size(), "gRPC: " + all);
        assertEquals(1, family(all, "com.google.protobuf:", Set.of()).size(), "protobuf: " + all);
        // jackson-annotations has its own (major.minor) line since 2.20
        Set<String> jackson = family(all, "com.fasterxml.jackson", Set.of("jackson-annotations"));
        assertEquals(Set.of(buildProperty("jackson.version")), jackson, "Jackson: " + all);
    }

    @Test
    void bomPinsWhatTheBuildPins() throws Exception {
        for (String p : List.of("jackson.version", "netty.version", "junit.version", "immutables.version", "ipaddress.version",
                "jspecify.version", "slf4j.version", "jetcd.version")) {
            assertEquals(buildProperty(p), property(System.getProperty("consumer.bomPom"), p), p + " in bom/pom.xml");
        }
    }

    private static String buildProperty(String name) throws Exception {
        return property(System.getProperty("consumer.rootPom"), name);
    }

    private static String property(String pom, String name) throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of(pom).toFile()).getDocumentElement();
        NodeList props = root.getElementsByTagName("properties");
        NodeList found = ((Element) props.item(0)).getElementsByTagName(name);
        assertEquals(1, found.getLength(), name + " in " + pom);
        return found.item(0).getTextContent().strip();
    }
}
