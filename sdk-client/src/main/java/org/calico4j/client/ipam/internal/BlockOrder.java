package org.calico4j.client.ipam.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;

/**
 * The order in which a host tries a pool's block CIDRs (Calico's {@code randomBlockGenerator}): from a
 * start block chosen at random with a seed derived from the host name (FNV-1, 32 bit), then every
 * following block, wrapping round. The same host always gets the same order, and different hosts
 * spread over the pool. The random draw is Java's, so the start block differs from Go's.
 */
final class BlockOrder implements Iterable<Cidr> {
    private final Cidr pool;
    private final int blockSize;
    private final BigInteger count;
    private final BigInteger start;

    BlockOrder(Cidr pool, int blockSize, String host) {
        this.pool = pool.network();
        this.blockSize = blockSize;
        this.count = this.pool.subnetCount(blockSize);
        long seed = blockSize == pool.address().bitLength() ? System.nanoTime() : fnv1(host);
        this.start = random(new SplittableRandom(seed), count);
    }

    static long fnv1(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h *= 0x01000193;
            h ^= b & 0xff;
        }
        return h & 0xffffffffL;
    }

    private static BigInteger random(SplittableRandom r, BigInteger bound) {
        if (bound.bitLength() < 63) {
            return BigInteger.valueOf(r.nextLong(bound.longValue()));
        }
        BigInteger v;
        do {
            byte[] b = new byte[(bound.bitLength() + 7) / 8 + 1];
            for (int i = 1; i < b.length; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            v = new BigInteger(1, b).mod(BigInteger.ONE.shiftLeft(bound.bitLength()));
        } while (v.compareTo(bound) >= 0);
        return v;
    }

    /** Where {@code block} comes in this order (0 = first tried). */
    BigInteger position(Cidr block) {
        BigInteger index = offset(block.address()).shiftRight(block.address().bitLength() - blockSize);
        return index.subtract(start).mod(count);
    }

    private BigInteger offset(IpAddress ip) {
        return new BigInteger(1, ip.toBytes()).subtract(new BigInteger(1, pool.address().toBytes()));
    }

    @Override
    public Iterator<Cidr> iterator() {
        return new Iterator<>() {
            private BigInteger done = BigInteger.ZERO;

            @Override
            public boolean hasNext() {
                return done.compareTo(count) < 0;
            }

            @Override
            public Cidr next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Cidr c = pool.subnet(blockSize, start.add(done).mod(count));
                done = done.add(BigInteger.ONE);
                return c;
            }
        };
    }
}
