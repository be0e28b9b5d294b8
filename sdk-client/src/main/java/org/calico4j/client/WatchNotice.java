package org.calico4j.client;

import org.jspecify.annotations.Nullable;

/**
 * What a watch tells its watcher besides changes: it lost its datastore, resumed, re-listed
 * because the store's history changed under it, skipped a stored value it cannot read, or the
 * watcher itself threw on an event.
 *
 * <pre>{@code
 * pools.watch(rev, new Watcher<IpPool>() {
 *     public void onEvent(WatchEvent<IpPool> e) { cache.apply(e); }
 *     public void onNotice(WatchNotice n) { if (n.type() == WatchNotice.Type.RELISTED) cache.clear(); }
 * });
 * }</pre>
 *
 * <p>Only datastores that can lose their connection or share their keys with other writers
 * (etcd) send DISCONNECTED, RESUMED, RELISTED and SKIPPED; every datastore sends WATCHER_FAILED.
 *
 * @param type     what happened
 * @param revision DISCONNECTED and RESUMED: the last revision the watch delivered (it continues
 *                 after it); RELISTED: the revision of the new list; SKIPPED: the revision of the
 *                 skipped value
 * @param key      SKIPPED: the datastore's key of the value (an etcd key); otherwise empty
 * @param message  why, for people and logs (never a credential)
 * @param cause    WATCHER_FAILED: what the watcher threw; otherwise null
 */
public record WatchNotice(Type type, long revision, String key, String message, @Nullable Throwable cause) {
    /**
     * A notice without a cause (every type but WATCHER_FAILED).
     *
     * @param type     what happened
     * @param revision the revision the type calls for (see the record)
     * @param key      SKIPPED: the datastore's key of the value; otherwise empty
     * @param message  why, for people and logs
     */
    public WatchNotice(Type type, long revision, String key, String message) {
        this(type, revision, key, message, null);
    }

    /** The kinds of notice. */
    public enum Type {
        /**
         * The watch lost its datastore and is trying to get it back; no event is lost meanwhile:
         * RESUMED or RELISTED follows once it answers again.
         */
        DISCONNECTED,
        /** The watch is back and continues after {@link #revision()}: nothing was lost or repeated. */
        RESUMED,
        /**
         * The store's history no longer continues what the watch saw (etcd restored from a backup or
         * wiped: its revision went backwards or its cluster changed). Forget what you knew: ADDED
         * events for every resource that now exists follow, then changes after {@link #revision()}.
         */
        RELISTED,
        /**
         * A stored value could not be read (written by another tool or a newer Calico, e.g. with a
         * field calico4j does not know) and was skipped; the watch goes on.
         */
        SKIPPED,
        /**
         * The watcher threw on the event at {@link #revision()} (of {@link #key()}, a resource key such as
         * {@code IPPool(pool-a)}); {@link #cause()} is what it threw. That event is not delivered again and
         * the watch goes on. An exception thrown by {@code onNotice} or {@code onError} is only logged (WARN).
         */
        WATCHER_FAILED
    }

    /**
     * A notice about no particular key.
     *
     * @param type     what happened
     * @param revision the revision the watch had reached
     * @param message  a sentence for logs
     * @return the notice
     */
    public static WatchNotice of(Type type, long revision, String message) {
        return new WatchNotice(type, revision, "", message);
    }
}
