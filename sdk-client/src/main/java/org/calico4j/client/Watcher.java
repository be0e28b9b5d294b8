package org.calico4j.client;

import org.calico4j.model.CalicoException;
import org.calico4j.model.Resource;

/**
 * Receives a watch's events in revision order, each once, on one thread per watch.
 *
 * <pre>{@code
 * Watch w = client.ipPools().watch(list.revision(), event -> cache.apply(event));
 * }</pre>
 */
@FunctionalInterface
public interface Watcher<T extends Resource> {
    void onEvent(WatchEvent<T> event);

    /**
     * The watch has ended: {@link ResourceVersionTooOldException} when the start revision was
     * compacted (list again and watch from the list's revision), or a {@link DatastoreException}.
     */
    default void onError(CalicoException error) {
    }

    /**
     * The watch's state changed (disconnected, resumed, re-listed) or it skipped a value it
     * could not read; see {@link WatchNotice}. Called on the same thread as {@link #onEvent}, in
     * order with the events. Only etcd sends notices; ignoring them is safe.
     */
    default void onNotice(WatchNotice notice) {
    }
}
