package org.calico4j.model;

/**
 * The one unchecked root of every error calico4j raises on purpose.
 *
 * <pre>{@code
 * try { client.ipPools().create(pool); } catch (CalicoException e) { log.warn(e.getMessage()); }
 * }</pre>
 *
 * <p>Subclasses carry structured detail (violations, the current object, retryability); the
 * message always names the resource, field and value involved where there is one.
 */
public class CalicoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure with Calico's wording.
     *
     * @param message names the resource, field and value
     */
    public CalicoException(String message) {
        super(message);
    }

    /**
     * A failure with Calico's wording and its cause.
     *
     * @param message names the resource, field and value
     * @param cause   the underlying failure
     */
    public CalicoException(String message, Throwable cause) {
        super(message, cause);
    }
}
