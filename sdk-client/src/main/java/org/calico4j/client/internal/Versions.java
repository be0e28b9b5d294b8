package org.calico4j.client.internal;

import org.calico4j.client.spi.Versioned;
import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/** A stored value's revision in its metadata, as Calico's client returns every object, and its text read back. */
public final class Versions {
    private Versions() {
    }

    /**
     * The value of {@code v} with {@code resourceVersion} = its revision (the same object when already so).
     *
     * @param v a stored value and its revision
     * @return the value stamped with its revision
     */
    public static Resource withVersion(Versioned v) {
        return stamp(v.value(), v.revision());
    }

    /**
     * {@code r} with {@code resourceVersion} = {@code revision} (the same object when already so).
     *
     * @param r        a resource
     * @param revision the revision
     * @return the stamped resource
     */
    public static Resource stamp(Resource r, long revision) {
        String rv = Long.toString(revision);
        return rv.equals(r.metadata().resourceVersion()) ? r : r.withMetadata(r.metadata().withResourceVersion(rv));
    }

    static @Nullable Resource stampOrNull(@Nullable Resource r, long revision) {
        return r == null ? null : stamp(r, revision);
    }

    /** {@code s} as a number when it is 1 to 19 ASCII decimal digits within a long, else -1. */
    static long digits(String s) {
        int n = s.length();
        if (n == 0 || n > 19) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
