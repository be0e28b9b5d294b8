package org.calico4j.client.spi;

import org.calico4j.client.WatchNotice;
import org.calico4j.model.CalicoException;

/**
 * Receives a datastore watch's events, in revision order, each exactly once, on one thread per
 * watch. A listener must not block for long: events queue up behind it.
 *
 * <pre>{@code
 * datastore.watch(Kind.IP_POOL, rev, e -> System.out.println(e.type() + " " + e.key()));
 * }</pre>
 */
@FunctionalInterface
public interface DatastoreListener {
    /**
     * One change, in revision order, on the watch's delivery thread.
     *
     * @param event the change
     */
    void onEvent(DatastoreEvent event);

    /**
     * The watch ended because of {@code error} (a {@code ResourceVersionTooOldException} when
     * the start revision was compacted away); no event follows.
     *
     * @param error why the watch ended
     */
    default void onError(CalicoException error) {
    }

    /**
     * The watch was disconnected, resumed or re-listed, or skipped a value it could not decode
     * (see {@link WatchNotice}), or {@link #onEvent} threw (WATCHER_FAILED, with the exception); in
     * order with the events, on the same thread. Datastores that cannot lose their connection and
     * own their keys (memory, file) call it only for WATCHER_FAILED.
     *
     * @param notice what happened
     */
    default void onNotice(WatchNotice notice) {
    }
}
