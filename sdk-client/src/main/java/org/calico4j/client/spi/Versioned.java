package org.calico4j.client.spi;

import org.calico4j.model.Resource;

/**
 * A stored resource with the datastore revision at which it was last modified; the resource's
 * {@code metadata.resourceVersion} is that revision.
 *
 * <pre>{@code
 * Versioned v = datastore.get(key).orElseThrow();
 * long rev = v.revision();
 * }</pre>
 */
public record Versioned(ResourceKey key, Resource value, long revision) {
}
