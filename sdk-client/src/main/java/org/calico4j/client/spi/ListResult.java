package org.calico4j.client.spi;

import java.util.List;

import org.calico4j.client.SkippedValue;

/**
 * The resources of one kind at one store revision; a watch from {@link #revision()} sees every later change.
 *
 * <pre>{@code
 * ListResult r = datastore.list(Kind.IP_POOL, 0);
 * datastore.watch(Kind.IP_POOL, r.revision(), listener);
 * }</pre>
 *
 * @param items    sorted by key
 * @param revision the store revision the list was read at
 * @param skipped  stored values that could not be decoded and were left out of {@code items},
 *                 each with its key (a store shared with other writers reports them here and
 *                 logs them, instead of failing the whole list)
 */
public record ListResult(List<Versioned> items, long revision, List<SkippedValue> skipped) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param items sorted by key
     * @param revision the store revision the list was read at
     * @param skipped stored values that could not be decoded and were left out of {@code items}, each with its key (a store shared with other writers reports them here and logs them, instead of failing the whole list)
     */
    public ListResult {
        items = List.copyOf(items);
        skipped = List.copyOf(skipped);
    }

    /**
     * A list with nothing skipped.
     *
     * @param items    sorted by key
     * @param revision the store revision the list was read at
     */
    public ListResult(List<Versioned> items, long revision) {
        this(items, revision, List.of());
    }
}
