package org.calico4j.client.ipam;

import org.calico4j.model.CalicoException;

/**
 * An IPAM request Calico would refuse: no address left, an address already taken, reserved or in no
 * pool, a pool that may not be used, or too many concurrent writers. {@link #reason()} tells which.
 *
 * <pre>{@code
 * try { ipam.assignIp(AssignIpRequest.of(ip).host("node-1")); }
 * catch (IpamException e) { if (e.reason() == IpamException.Reason.IN_USE) ... }
 * }</pre>
 */
public class IpamException extends CalicoException {
    private static final long serialVersionUID = 1L;

    /** Why IPAM refused. */
    public enum Reason {
        /** The pools tried have no free address the host may use. */
        EXHAUSTED,
        /** The address is allocated already. */
        IN_USE,
        /** The address or requested pool is not in any (usable) pool. */
        NO_POOL,
        /** The address lies in an IPReservation. */
        RESERVED,
        /** A handle, host or address in the request is malformed or unknown. */
        INVALID_REQUEST,
        /** 100 compare-and-swap attempts lost to other writers (Calico's datastoreRetries). */
        TOO_MANY_RETRIES
    }

    /**
     * Why the IPAM call failed.
     */
    private final Reason reason;

    /**
     * An IPAM call failed.
     *
     * @param reason  why, as a category callers can act on
     * @param message Calico's text, naming pools, blocks or addresses
     */
    public IpamException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Why the call failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
