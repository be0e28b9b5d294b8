package org.calico4j.client.internal;

import org.calico4j.client.spi.Versioned;
import org.calico4j.model.Resource;

/** Puts a stored value's revision into its metadata, as Calico's client does on every return. */
public final class Versions {
    private Versions() {
    }

    public static Resource withVersion(Versioned v) {
        return v.value().withMetadata(v.value().metadata().withResourceVersion(Long.toString(v.revision())));
    }
}
