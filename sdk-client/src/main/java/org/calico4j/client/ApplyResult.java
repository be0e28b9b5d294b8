package org.calico4j.client;

import java.util.List;
import java.util.Optional;

import org.calico4j.model.CalicoException;
import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * What {@link CalicoClient#apply} did with a manifest: the resources applied, in order, and the
 * first failure (after which nothing more was applied).
 *
 * <pre>{@code
 * ApplyResult r = client.apply(Manifest.read(path));
 * if (!r.succeeded()) throw r.failureCause().orElseThrow();
 * }</pre>
 *
 * @param applied  the stored resources, with their resourceVersions, in manifest order
 * @param failed   the resource that failed, if one did
 * @param failure  why it failed
 */
public record ApplyResult(List<Resource> applied, @Nullable Resource failed, @Nullable CalicoException failure) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param applied the stored resources, with their resourceVersions, in manifest order
     * @param failed the resource that failed, if one did
     * @param failure why it failed
     */
    public ApplyResult {
        applied = List.copyOf(applied);
    }

    /**
     * Whether every resource was applied.
     *
     * @return true when nothing failed
     */
    public boolean succeeded() {
        return failure == null;
    }

    /**
     * Why the failed resource was not applied.
     *
     * @return the failure, or empty when all succeeded
     */
    public Optional<CalicoException> failureCause() {
        return Optional.ofNullable(failure);
    }

    /**
     * The resource that failed (nothing after it was applied).
     *
     * @return the resource, or empty when all succeeded
     */
    public Optional<Resource> failedResource() {
        return Optional.ofNullable(failed);
    }
}
