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

    private final long requested;
    private final long oldestAvailable;

    public ResourceVersionTooOldException(long requested, long oldestAvailable) {
        super("resource version " + requested + " is too old: the oldest revision kept is " + oldestAvailable
                + "; list again and watch from the list's revision");
        this.requested = requested;
        this.oldestAvailable = oldestAvailable;
    }

    public long requested() {
        return requested;
    }

    public long oldestAvailable() {
        return oldestAvailable;
    }
}
