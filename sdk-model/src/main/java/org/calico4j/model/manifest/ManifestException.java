package org.calico4j.model.manifest;

import java.util.List;

import org.calico4j.model.CalicoException;

/**
 * A manifest that calicoctl would not load: YAML/JSON syntax, an unknown kind or apiVersion, an
 * unknown field, a value of the wrong type. Each problem names the document, the resource where
 * known, and the field.
 *
 * <pre>{@code
 * try { Manifest.parse(text); } catch (ManifestException e) { e.problems().forEach(System.err::println); }
 * }</pre>
 */
public class ManifestException extends CalicoException {
    private static final long serialVersionUID = 1L;

    private final transient List<ManifestProblem> problems;

    /**
     * A manifest could not be read; the message lists every problem.
     *
     * @param problems what is wrong, document by document
     */
    public ManifestException(List<ManifestProblem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem found, document by document.
     *
     * @return the problems
     */
    public List<ManifestProblem> problems() {
        return problems;
    }

    private static String render(List<ManifestProblem> problems) {
        StringBuilder sb = new StringBuilder();
        for (ManifestProblem p : problems) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
