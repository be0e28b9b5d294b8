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
    Optional<String> resolve(SecretKeyRef ref);

    /** No secrets: peers with passwords are rendered without them (and the intent says so). */
    static SecretResolver none() {
        return ref -> Optional.empty();
    }

    /** Secrets by {@code <secret name>/<key>}. */
    static SecretResolver of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return ref -> Optional.ofNullable(copy.get(ref.name() + "/" + ref.key()));
    }
}
