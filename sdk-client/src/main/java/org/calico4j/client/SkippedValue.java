package org.calico4j.client;

/**
 * A stored value a read could not decode and left out (written by another tool or a newer
 * Calico, e.g. with a field calico4j does not know); the read returned everything else.
 *
 * <pre>{@code
 * ResourceList<IpPool> pools = client.ipPools().list();
 * pools.skipped().forEach(s -> log.warn("cannot read {}: {}", s.key(), s.reason()));
 * }</pre>
 *
 * @param key      the datastore's key of the value (an etcd key)
 * @param revision the revision the value was written at
 * @param reason   why it could not be read
 */
public record SkippedValue(String key, long revision, String reason) {
    @Override
    public String toString() {
        return key + " (revision " + revision + "): " + reason;
    }
}
