package org.calico4j.dataplane.bgp;

import java.util.Map;
import java.util.Optional;

import org.calico4j.model.SecretKeyRef;

/**
 * Finds the value of a BGP password's {@code secretKeyRef} (Calico reads Kubernetes Secrets in
 * calico-node's namespace).
 *
 * <pre>{@code
 * SecretResolver secrets = SecretResolver.of(Map.of("bgp-secrets/tor", "s3cret"));
 * }</pre>
 */
@FunctionalInterface
public interface SecretResolver {
    /**
     * The value a Secret reference names.
     *
     * @param ref a BGPPeer password's {@code secretKeyRef}
     * @return the secret, or empty when unknown
     */
    Optional<String> resolve(SecretKeyRef ref);

    /**
     * No secrets: peers with passwords are rendered without them (and the intent says so).
     *
     * @return the resolver
     */
    static SecretResolver none() {
        return ref -> Optional.empty();
    }

    /**
     * Secrets by {@code <secret name>/<key>}.
     *
     * @param values secrets by {@code <secret name>/<key>}
     * @return the resolver
     */
    static SecretResolver of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return ref -> Optional.ofNullable(copy.get(ref.name() + "/" + ref.key()));
    }
}
