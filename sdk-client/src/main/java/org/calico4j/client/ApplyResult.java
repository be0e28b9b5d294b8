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
    public ApplyResult {
        applied = List.copyOf(applied);
    }

    public boolean succeeded() {
        return failure == null;
    }

    public Optional<CalicoException> failureCause() {
        return Optional.ofNullable(failure);
    }

    public Optional<Resource> failedResource() {
        return Optional.ofNullable(failed);
    }
}
