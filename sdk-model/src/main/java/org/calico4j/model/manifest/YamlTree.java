package org.calico4j.model.manifest;

import java.io.Reader;

import com.fasterxml.jackson.databind.JsonNode;

import org.calico4j.model.internal.YamlDocuments;

/**
 * Reads one YAML document of any size up to {@link YamlLimits} as a tree, streaming: the text is
 * never held whole, only the tree. Anchors, aliases and merge keys resolve as Go's YAML decoder
 * resolves them; duplicate keys, deep nesting, alias bombs and over-long lines are errors.
 *
 * <pre>{@code
 * try (Reader r = Files.newBufferedReader(path)) { JsonNode root = YamlTree.read(r, path.toString(), YamlLimits.defaults()); }
 * }</pre>
 */
public final class YamlTree {
    private YamlTree() {
    }

    /**
     * The stream's one document (a missing node when it is empty); a {@link ManifestException}
     * names {@code source}, the line and the rule for anything refused. The reader is not closed.
     *
     * @param in     the YAML text
     * @param source names the text in error messages, e.g. its file name
     * @param limits what the document may hold
     * @return the document's tree, or a missing node
     * @throws ManifestException when the text is not one valid YAML document within {@code limits}
     */
    public static JsonNode read(Reader in, String source, YamlLimits limits) {
        return YamlDocuments.readOne(in, source, limits);
    }
}
