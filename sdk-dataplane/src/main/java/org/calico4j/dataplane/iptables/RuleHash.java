package org.calico4j.dataplane.iptables;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Felix's rule hashes ({@code felix/generictables/rules.go} {@code RuleHashes}): SHA-224 of the chain
 * name, then for each rule SHA-224 of the previous hash and the rule rendered as
 * {@code -A <chain> HASH <match> <action>}; the first 16 characters of its URL-safe base64.
 * A rule's hash so depends on its chain, its position and every rule before it.
 *
 * <pre>{@code
 * RuleHash.of("FORWARD", List.of("-A FORWARD HASH --jump DROP"));   // [hecdSCslEjdBPBPo]
 * }</pre>
 */
public final class RuleHash {
    /** Felix's {@code HashLength}. */
    public static final int LENGTH = 16;

    private RuleHash() {
    }

    /**
     * The hashes of rules rendered for hashing ({@code -A <chain> HASH ...}), in order.
     *
     * @param chainName       the chain's name
     * @param renderedForHash the rules as rendered for hashing
     * @return Felix's 16-character hashes
     */
    public static List<String> of(String chainName, List<String> renderedForHash) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-224");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-224", e);
        }
        byte[] hash = sha.digest(chainName.getBytes(StandardCharsets.UTF_8));
        List<String> out = new ArrayList<>(renderedForHash.size());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        for (String rule : renderedForHash) {
            sha.update(hash);
            hash = sha.digest(rule.getBytes(StandardCharsets.UTF_8));
            out.add(b64.encodeToString(hash).substring(0, LENGTH));
        }
        return out;
    }
}
