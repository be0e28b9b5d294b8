package org.calico4j.client.ipam;

import java.util.List;

import org.calico4j.model.net.IpAddress;

/**
 * What a release did: the addresses it freed, and those that were not allocated (Calico returns
 * these rather than failing, so a repeated release is harmless).
 *
 * <pre>{@code
 * ReleaseResult r = ipam.release(List.of(ip));
 * if (!r.notAllocated().isEmpty()) log.info("already free: {}", r.notAllocated());
 * }</pre>
 *
 * @param released     freed by this call
 * @param notAllocated already free, or in no block
 */
public record ReleaseResult(List<IpAddress> released, List<IpAddress> notAllocated) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param released freed by this call
     * @param notAllocated already free, or in no block
     */
    public ReleaseResult {
        released = List.copyOf(released);
        notAllocated = List.copyOf(notAllocated);
    }
}
