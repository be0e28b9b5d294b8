package org.calico4j.model.manifest;

import java.util.Optional;

import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * One resource of a manifest as loaded: either the resource or the reason it could not be read.
 * calicoctl handles a manifest resource by resource, so one bad document does not hide the rest.
 *
 * <pre>{@code
 * for (ManifestEntry e : Manifest.load(text, "pools.yaml")) { e.resource().ifPresent(list::add); }
 * }</pre>
 */
public final class ManifestEntry {
    private final int document;
    private final @Nullable Resource resource;
    private final @Nullable ManifestProblem problem;

    private ManifestEntry(int document, @Nullable Resource resource, @Nullable ManifestProblem problem) {
        this.document = document;
        this.resource = resource;
        this.problem = problem;
    }

    /**
     * A document that read cleanly.
     *
     * @param document 1-based document number
     * @param resource the resource it holds
     * @return the entry
     */
    public static ManifestEntry loaded(int document, Resource resource) {
        return new ManifestEntry(document, resource, null);
    }

    /**
     * A document that could not be read.
     *
     * @param problem what is wrong, with its document number
     * @return the entry
     */
    public static ManifestEntry failed(ManifestProblem problem) {
        return new ManifestEntry(problem.document(), null, problem);
    }

    /**
     * 1-based document number.
     *
     * @return the number
     */
    public int document() {
        return document;
    }

    /**
     * The resource, when the document read cleanly.
     *
     * @return the resource, or empty
     */
    public Optional<Resource> resource() {
        return Optional.ofNullable(resource);
    }

    /**
     * What is wrong with the document.
     *
     * @return the problem, or empty when it read cleanly
     */
    public Optional<ManifestProblem> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public String toString() {
        return resource != null ? resource.kind() + "/" + resource.name() : String.valueOf(problem);
    }
}
