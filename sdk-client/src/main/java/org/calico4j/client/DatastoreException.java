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

    /**
     * Whether the same call may succeed later.
     */
    private final boolean retryable;

    /**
     * A datastore failure.
     *
     * @param message   what failed, naming the store and the resource
     * @param retryable whether the same call may succeed later (a lost connection, a timeout)
     */
    public DatastoreException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /**
     * A datastore failure with its cause.
     *
     * @param message   what failed, naming the store and the resource
     * @param retryable whether the same call may succeed later (a lost connection, a timeout)
     * @param cause     the underlying failure
     */
    public DatastoreException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /**
     * Whether the same call may succeed later: back off and retry; otherwise a human must act.
     *
     * @return true when retrying may help
     */
    public boolean retryable() {
        return retryable;
    }
}
