package org.calico4j.dataplane.iptables;

/**
 * A change the iptables dataplane could not make: names the command and quotes its error. The rules
 * programmed before stay in place (each {@code iptables-restore} is atomic per table); the dataplane keeps
 * its previous state and rereads the kernel on the next resync.
 *
 * <pre>{@code
 * try { dp.apply(delta); } catch (IptablesException e) { log(e.getMessage()); dp.resync(state); }
 * }</pre>
 */
public final class IptablesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An iptables or ipset command failed.
     *
     * @param message the command and what went wrong
     * @param cause   the underlying failure
     */
    public IptablesException(String message, Throwable cause) {
        super(message, cause);
    }
}
