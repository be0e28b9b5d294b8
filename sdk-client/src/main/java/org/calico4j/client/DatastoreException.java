package org.calico4j.client;

import org.calico4j.model.CalicoException;

/**
 * The datastore failed (I/O, unreachable server, closed store). {@link #retryable()} says whether
 * the same call may succeed if tried again later.
 *
 * <pre>{@code
 * catch (DatastoreException e) { if (e.retryable()) backOffAndRetry(); else throw e; }
 * }</pre>
 */
public class DatastoreException extends CalicoException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public DatastoreException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public DatastoreException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
