package org.calico4j.model.manifest;

import java.util.List;

import org.calico4j.model.internal.Echo;

/**
 * Why one document (or one item of a list) of a manifest could not be loaded.
 *
 * <pre>{@code
 * ManifestProblem p = e.problems().get(0);
 * System.err.println(p.source() + " document " + p.document() + ": " + p.messages());
 * }</pre>
 *
 * @param source   where the manifest came from (a file name, {@code -} for stdin, or {@code <string>})
 * @param document 1-based document number in the stream
 * @param kind     the document's kind where it could be read, else ""
 * @param name     the resource name where it could be read, else ""
 * @param messages calicoctl's wording, one per problem
 */
public record ManifestProblem(String source, int document, String kind, String name, List<String> messages) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param source where the manifest came from (a file name, {@code -} for stdin, or {@code <string>})
     * @param document 1-based document number in the stream
     * @param kind the document's kind where it could be read, else ""
     * @param name the resource name where it could be read, else ""
     * @param messages calicoctl's wording, one per problem
     */
    public ManifestProblem {
        messages = List.copyOf(messages);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": document ").append(document);
        if (!kind.isEmpty()) {
            sb.append(" (").append(kind);
            if (!name.isEmpty()) {
                sb.append(" \"").append(name).append('"');
            }
            sb.append(')');
        }
        sb.append(": ");
        for (int i = 0; i < messages.size(); i++) {
            sb.append(i == 0 ? "" : "; ").append(Echo.shorten(messages.get(i)));
        }
        return sb.toString();
    }
}
