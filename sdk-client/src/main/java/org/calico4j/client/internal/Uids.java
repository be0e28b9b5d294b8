package org.calico4j.client.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4, IETF variant) UUIDs, as the API server gives each object it creates: 122 bits from the SUN
 * provider's {@code SHA1PRNG} (a cryptographically strong generator), seeded once with 256 bits from the platform's
 * default {@link SecureRandom} ({@code NativePRNG}, {@code /dev/urandom}, which {@link UUID#randomUUID} reads too) and
 * read 4 KiB at a time. Seeding it before its first output keeps it from seeding itself from
 * {@code securerandom.source} ({@code /dev/random}), which can block on kernels before 5.6 while the pool fills; the
 * JDK's {@code DRBG} seeds itself that way, so it is not used here although it is faster. {@code UUID.randomUUID}
 * reads 16 bytes at a time from {@code NativePRNG}: about 175 ns per uid on the build machine against 90 ns.
 */
final class Uids {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final SecureRandom RANDOM = seeded();
    private static final byte[] BITS = new byte[4096];
    private static int next = BITS.length;

    private Uids() {
    }

    /** {@return a new random UUID} */
    static synchronized UUID random() {
        if (next == BITS.length) {
            RANDOM.nextBytes(BITS);
            next = 0;
        }
        long msb = (long) LONGS.get(BITS, next);
        long lsb = (long) LONGS.get(BITS, next + 8);
        next += 16;
        // Version 4 in the time_hi_and_version field, variant 10 in clock_seq_hi (RFC 9562, section 5.4).
        return new UUID((msb & ~0xF000L) | 0x4000L, (lsb & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
    }

    private static SecureRandom seeded() {
        SecureRandom platform = new SecureRandom();
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            byte[] seed = new byte[32];
            platform.nextBytes(seed);
            r.setSeed(seed); // before any output: it then never seeds itself
            return r;
        } catch (NoSuchAlgorithmException e) {
            return platform; // every JDK has SHA1PRNG; the platform's default is as strong, only slower
        }
    }
}
