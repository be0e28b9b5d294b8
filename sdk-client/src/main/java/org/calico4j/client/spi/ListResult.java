package org.calico4j.client.spi;

import java.util.List;

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
 */
public record ListResult(List<Versioned> items, long revision) {
    public ListResult {
        items = List.copyOf(items);
    }
}
