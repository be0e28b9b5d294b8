package org.calico4j.client;

import org.calico4j.model.CalicoException;
import org.calico4j.model.Resource;

/**
 * Receives a watch's events in revision order, each once, one at a time. Delivery runs on a shared
 * pool of daemon threads ({@code calico4j-watch-N}): never two calls for one watch at once, and a slow
 * watcher delays only its own watch, not the datastore or other watches. An exception thrown by
 * {@link #onEvent} is reported to the watcher, in order, as a {@link WatchNotice.Type#WATCHER_FAILED}
 * notice carrying the exception (and logged at WARN); that event is not delivered again and the
 * watch goes on.
 *
 * <pre>{@code
 * Watch w = client.ipPools().watch(list.revision(), event -> cache.apply(event));
 * }</pre>
 */
@FunctionalInterface
public interface Watcher<T extends Resource> {
    /**
     * One change, in revision order; see the class comment for the thread it runs on.
     *
     * @param event the change
     */
    void onEvent(WatchEvent<T> event);

    /**
     * The watch has ended: {@link ResourceVersionTooOldException} when the start revision was
     * compacted (list again and watch from the list's revision), or a {@link DatastoreException}.
     *
     * @param error why the watch ended
     */
    default void onError(CalicoException error) {
    }

    /**
     * The watch's state changed (disconnected, resumed, re-listed), it skipped a value it could not
     * read, or {@link #onEvent} threw (WATCHER_FAILED); see {@link WatchNotice}. Called on the same
     * thread as {@link #onEvent}, in order with the events. Only etcd sends the first kinds; every
     * datastore sends WATCHER_FAILED.
     *
     * @param notice what happened
     */
    default void onNotice(WatchNotice notice) {
    }
}
