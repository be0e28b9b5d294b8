package org.calico4j.client;

import org.calico4j.model.CalicoException;

/**
 * A list or watch asked for a revision the datastore no longer keeps (compacted). The caller
 * lists again and watches from the list's revision.
 *
 * <pre>{@code
 * catch (ResourceVersionTooOldException e) { var l = pools.list(); pools.watch(l.revision(), w); }
 * }</pre>
 */
public class ResourceVersionTooOldException extends CalicoException {
    private static final long serialVersionUID = 1L;

    /**
     * The revision asked for.
     */
    private final long requested;
    /**
     * The oldest revision the store still keeps.
     */
    private final long oldestAvailable;

    /**
     * A list or watch asked for a revision that was compacted away.
     *
     * @param requested       the revision asked for
     * @param oldestAvailable the oldest revision kept
     */
    public ResourceVersionTooOldException(long requested, long oldestAvailable) {
        super("resource version " + requested + " is too old: the oldest revision kept is " + oldestAvailable
                + "; list again and watch from the list's revision");
        this.requested = requested;
        this.oldestAvailable = oldestAvailable;
    }

    /**
     * The revision asked for.
     *
     * @return the revision
     */
    public long requested() {
        return requested;
    }

    /**
     * The oldest revision the store still keeps; list again to start from the present.
     *
     * @return the revision
     */
    public long oldestAvailable() {
        return oldestAvailable;
    }
}
