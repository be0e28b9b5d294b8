package org.calico4j.dataplane.ebpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * 64-bit IDs for BPF IP sets, chosen as Felix's {@code idalloc.IDAllocator} chooses them (v3.32.1): the
 * first non-zero, unused candidate {@code n = 0, 1, ...} of the little-endian first 8 bytes of
 * SHA-256 over (little-endian {@code u64 n}, the set's name). Stable across restarts for the same names.
 *
 * <pre>{@code
 * long id = new IpSetIds().idOf("masq-ipam-pools");
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class IpSetIds {
    /** An allocator that has given out no id yet. */
    public IpSetIds() {
    }

    private final Map<String, Long> byName = new HashMap<>();
    private final Map<Long, String> byId = new HashMap<>();

    /**
     * The ID of {@code name}, allocated on first use.
     *
     * @param name the IP set's name
     * @return its non-zero 64-bit ID, unique among the IDs now allocated
     */
    public long idOf(String name) {
        Long known = byName.get(name);
        if (known != null) {
            return known;
        }
        for (long n = 0; ; n++) {
            long candidate = trialHash(name, n);
            if (candidate != 0 && !byId.containsKey(candidate)) {
                byName.put(name, candidate);
                byId.put(candidate, name);
                return candidate;
            }
        }
    }

    /**
     * Gives {@code name}'s ID back; nothing happens when it has none.
     *
     * @param name the IP set's name
     */
    public void release(String name) {
        Long id = byName.remove(name);
        if (id != null) {
            byId.remove(id);
        }
    }

    /**
     * Felix's {@code TrialHash(id, n)}: the first 8 bytes (little-endian) of the SHA-256 of {@code n}
     * (8 bytes little-endian) followed by {@code name} in UTF-8.
     *
     * @param name the IP set's name
     * @param n    the attempt number, from 0
     * @return the candidate ID (may be 0 or collide; {@link #idOf} then tries the next {@code n})
     * @throws IllegalStateException if the JVM has no SHA-256
     */
    public static long trialHash(String name, long n) {
        byte[] text = name.getBytes(StandardCharsets.UTF_8);
        byte[] buf = ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN).putLong(n).put(text).array();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(buf);
            return ByteBuffer.wrap(h, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
