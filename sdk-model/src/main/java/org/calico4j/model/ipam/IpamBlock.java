package org.calico4j.model.ipam;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * One IPAM block as Calico stores it ({@code AllocationBlock}, at
 * {@code /calico/ipam/v2/assignment/ipv4/block/10.244.1.0-26}): which ordinals are allocated and to
 * whom, the FIFO queue of free ordinals, and the sequence numbers that guard releases. Immutable;
 * {@code client.ipam()} writes new versions with compare-and-swap.
 *
 * <pre>{@code
 * IpamBlock b = IpamBlock.empty(Cidr.parse("10.244.1.0/26"), "host:node-1", null, System.nanoTime());
 * b.size();   // 64, all free
 * }</pre>
 */
public final class IpamBlock implements Resource {
    /** An allocation slot with no owner. */
    public static final int FREE = -1;

    private final ObjectMeta metadata;
    private final Cidr cidr;
    private final @Nullable String affinity;
    private final @Nullable String affinityClaimTime;
    private final int[] allocations;
    private final int[] unallocated;
    private final List<AllocationAttribute> attributes;
    private final long sequenceNumber;
    private final Map<Integer, Long> sequenceNumberForAllocation;
    private final boolean deleted;

    /**
     * A block from all its stored fields; arrays and collections are copied.
     *
     * @param allocations per ordinal, the index into {@code attributes}, or {@link #FREE}
     * @param unallocated free ordinals in FIFO order (head is handed out next)
     *
     * @param metadata                    name ({@link #nameFor}) and resourceVersion
     * @param cidr                        the block, strictly masked
     * @param affinity                    {@code host:<node>} or null
     * @param affinityClaimTime           when the affinity was claimed (RFC 3339), or null
     * @param attributes                  the handles and attributes allocations refer to
     * @param sequenceNumber              goes up by one with every write of the block
     * @param sequenceNumberForAllocation per allocated ordinal, the sequence number it was handed out at
     * @param deleted                     Calico's soft-delete marker
     * @throws IllegalArgumentException   when the fields do not fit together (naming which)
     */
    public IpamBlock(ObjectMeta metadata, Cidr cidr, @Nullable String affinity, @Nullable String affinityClaimTime,
                     int[] allocations, int[] unallocated, List<AllocationAttribute> attributes, long sequenceNumber,
                     Map<Integer, Long> sequenceNumberForAllocation, boolean deleted) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.cidr = Objects.requireNonNull(cidr, "cidr");
        if (!cidr.isStrictlyMasked()) {
            throw new IllegalArgumentException("block CIDR " + cidr + " has host bits set");
        }
        if (!nameFor(cidr).equals(metadata.name())) {
            throw new IllegalArgumentException("the block " + cidr + " is named '" + nameFor(cidr) + "', not '"
                    + metadata.name() + "'");
        }
        int size = sizeOf(cidr);
        if (allocations.length != size) {
            throw new IllegalArgumentException("block " + cidr + " has " + size + " addresses but "
                    + allocations.length + " allocation slots");
        }
        for (int a : allocations) {
            if (a != FREE && (a < 0 || a >= attributes.size())) {
                throw new IllegalArgumentException("block " + cidr + " refers to attribute " + a + " of "
                        + attributes.size());
            }
        }
        for (int u : unallocated) {
            if (u < 0 || u >= size) {
                throw new IllegalArgumentException("block " + cidr + " lists ordinal " + u + " as free, outside 0.." + (size - 1));
            }
        }
        this.affinity = affinity;
        this.affinityClaimTime = affinityClaimTime;
        this.allocations = allocations.clone();
        this.unallocated = unallocated.clone();
        this.attributes = List.copyOf(attributes);
        this.sequenceNumber = sequenceNumber;
        this.sequenceNumberForAllocation = Collections.unmodifiableSortedMap(new TreeMap<>(sequenceNumberForAllocation));
        this.deleted = deleted;
    }

    /** A block from fields already checked and owned by no one else (another version of a block, or an edit's results). */
    private IpamBlock(ObjectMeta metadata, IpamBlock of, @Nullable String affinity, @Nullable String affinityClaimTime,
                      int[] allocations, int[] unallocated, List<AllocationAttribute> attributes, long sequenceNumber,
                      Map<Integer, Long> sequenceNumberForAllocation) {
        this.metadata = metadata;
        this.cidr = of.cidr;
        this.affinity = affinity;
        this.affinityClaimTime = affinityClaimTime;
        this.allocations = allocations;
        this.unallocated = unallocated;
        this.attributes = attributes;
        this.sequenceNumber = sequenceNumber;
        this.sequenceNumberForAllocation = sequenceNumberForAllocation;
        this.deleted = of.deleted;
    }

    /**
     * A new block with every ordinal free, in order, as Calico creates them.
     *
     * @param cidr              the block
     * @param affinity          {@code host:<node>} or null
     * @param affinityClaimTime when the affinity was claimed, or null
     * @param sequenceNumber    the block's first sequence number
     * @return the block
     */
    public static IpamBlock empty(Cidr cidr, @Nullable String affinity, @Nullable String affinityClaimTime,
                                  long sequenceNumber) {
        int size = sizeOf(cidr);
        int[] alloc = new int[size];
        Arrays.fill(alloc, FREE);
        int[] free = new int[size];
        for (int i = 0; i < size; i++) {
            free[i] = i;
        }
        return new IpamBlock(ObjectMeta.named(nameFor(cidr)), cidr, affinity, affinityClaimTime, alloc, free, List.of(),
                sequenceNumber, Map.of(), false);
    }

    /**
     * Calico's key segment for a block: the CIDR with {@code /} as {@code -}, e.g. {@code 10.244.1.0-26}.
     *
     * @param cidr the block
     * @return its name
     */
    public static String nameFor(Cidr cidr) {
        return cidr.toString().replace('/', '-');
    }

    /**
     * The block a {@link #nameFor} name stands for.
     *
     * @param name a block name
     * @return the block, or empty when the name is not one
     */
    public static Optional<Cidr> cidrOfName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        return Cidr.tryParse(name.substring(0, dash) + "/" + name.substring(dash + 1))
                .filter(c -> nameFor(c).equals(name) && c.isStrictlyMasked());
    }

    private static int sizeOf(Cidr cidr) {
        int hostBits = cidr.address().bitLength() - cidr.prefixLength();
        if (hostBits > 16) {
            throw new IllegalArgumentException("block " + cidr + " is larger than Calico allows (at most 65536 addresses)");
        }
        return 1 << hostBits;
    }

    /**
     * The block's range.
     *
     * @return the CIDR
     */
    public Cidr cidr() {
        return cidr;
    }

    /**
     * {@code host:<node>}, {@code virtual:<name>}, or empty for a block no host owns.
     *
     * @return the {@code affinity} value, or empty when not set
     */
    public Optional<String> affinity() {
        return Optional.ofNullable(affinity);
    }

    /**
     * The node of a {@code host:} affinity.
     *
     * @return the {@code affinityHost} value, or empty when not set
     */
    public Optional<String> affinityHost() {
        return affinity != null && affinity.startsWith("host:") ? Optional.of(affinity.substring(5)) : Optional.empty();
    }

    /**
     * RFC 3339 time the affinity was claimed.
     *
     * @return the {@code affinityClaimTime} value, or empty when not set
     */
    public Optional<String> affinityClaimTime() {
        return Optional.ofNullable(affinityClaimTime);
    }

    /**
     * Addresses in the block.
     *
     * @return the {@code size} value
     */
    public int size() {
        return allocations.length;
    }

    /**
     * The attribute index of {@code ordinal}, or {@link #FREE}.
     *
     * @param ordinal 0-based position in the block
     * @return the attribute index
     */
    public int allocationAt(int ordinal) {
        return allocations[ordinal];
    }

    /**
     * A copy of the allocation slots.
     *
     * @return the {@code allocations} value
     */
    public int[] allocations() {
        return allocations.clone();
    }

    /**
     * A copy of the free-ordinal FIFO queue.
     *
     * @return the {@code unallocated} value
     */
    public int[] unallocated() {
        return unallocated.clone();
    }

    /**
     * The handles and attributes allocations refer to, by index.
     *
     * @return the attributes
     */
    public List<AllocationAttribute> attributes() {
        return attributes;
    }

    /**
     * Goes up by one with every write of the block.
     *
     * @return the {@code sequenceNumber} value
     */
    public long sequenceNumber() {
        return sequenceNumber;
    }

    /**
     * The block's sequence number when each allocated ordinal was handed out.
     *
     * @return the {@code sequenceNumberForAllocation} values, empty when not set
     */
    public Map<Integer, Long> sequenceNumberForAllocation() {
        return sequenceNumberForAllocation;
    }

    /**
     * Calico's soft-delete marker (Kubernetes datastore only; kept as read).
     *
     * @return the marker
     */
    public boolean deleted() {
        return deleted;
    }

    /**
     * Allocated ordinals.
     *
     * @return the {@code inUse} value
     */
    public int inUse() {
        int n = 0;
        for (int a : allocations) {
            if (a != FREE) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether no address of the block is allocated.
     *
     * @return true when every address is free
     */
    public boolean isEmpty() {
        return inUse() == 0;
    }

    /**
     * The address at a position in the block.
     *
     * @param ordinal 0-based position
     * @return the address
     */
    public IpAddress address(int ordinal) {
        return cidr.addressAt(ordinal);
    }

    /**
     * The ordinal of {@code ip}, which must lie in the block.
     *
     * @param ip an address in the block
     * @return its 0-based position
     */
    public int ordinalOf(IpAddress ip) {
        return (int) cidr.offsetOf(ip);
    }

    /**
     * The owner of {@code ip}, when it is allocated here.
     *
     * @param ip an address
     * @return its handle and attributes, or empty when it is free or not in the block
     */
    public Optional<AllocationAttribute> ownerOf(IpAddress ip) {
        int a = allocations[ordinalOf(ip)];
        return a == FREE ? Optional.empty() : Optional.of(attributes.get(a));
    }

    @Override
    public Kind kind() {
        return Kind.IPAM_BLOCK;
    }

    @Override
    public ObjectMeta metadata() {
        return metadata;
    }

    @Override
    public IpamBlock withMetadata(ObjectMeta newMetadata) {
        if (!newMetadata.name().equals(metadata.name())) {
            // Renamed: the full checks (the name must still be the CIDR's).
            return new IpamBlock(newMetadata, cidr, affinity, affinityClaimTime, allocations, unallocated, attributes,
                    sequenceNumber, sequenceNumberForAllocation, deleted);
        }
        // Every field but the metadata is this block's, checked and immutable: shared, not copied.
        return new IpamBlock(newMetadata, this, affinity, affinityClaimTime, allocations, unallocated, attributes,
                sequenceNumber, sequenceNumberForAllocation);
    }

    /**
     * The block's next version after an allocation or a release: the same name, CIDR, affinity and
     * soft-delete marker, the given allocation state, and {@code sequenceNumber + 1}, as Calico's
     * {@code updateBlock} writes it. The metadata is reduced to the name (the datastore sets the
     * resourceVersion). Arrays and collections are copied and checked as by the constructor.
     *
     * @param newAllocations              per ordinal, the index into {@code newAttributes}, or {@link #FREE}
     * @param newUnallocated              free ordinals in FIFO order
     * @param newAttributes               the handles and attributes allocations refer to
     * @param newSequenceNumberForAllocation per allocated ordinal, the sequence number it was handed out at
     * @return the next version
     * @throws IllegalArgumentException when the fields do not fit together (naming which)
     */
    public IpamBlock nextVersion(int[] newAllocations, int[] newUnallocated, List<AllocationAttribute> newAttributes,
                                 Map<Integer, Long> newSequenceNumberForAllocation) {
        int size = allocations.length;
        if (newAllocations.length != size) {
            throw new IllegalArgumentException("block " + cidr + " has " + size + " addresses but "
                    + newAllocations.length + " allocation slots");
        }
        List<AllocationAttribute> attrs = List.copyOf(newAttributes);
        for (int a : newAllocations) {
            if (a != FREE && (a < 0 || a >= attrs.size())) {
                throw new IllegalArgumentException("block " + cidr + " refers to attribute " + a + " of " + attrs.size());
            }
        }
        for (int u : newUnallocated) {
            if (u < 0 || u >= size) {
                throw new IllegalArgumentException("block " + cidr + " lists ordinal " + u + " as free, outside 0.." + (size - 1));
            }
        }
        return new IpamBlock(ObjectMeta.named(metadata.name()), this, affinity, affinityClaimTime, newAllocations.clone(), newUnallocated.clone(), attrs,
                sequenceNumber + 1, Collections.unmodifiableSortedMap(new TreeMap<>(newSequenceNumberForAllocation)));
    }

    /**
     * The same block with another (or no) affinity and claim time.
     *
     * @param newAffinity {@code host:<node>} or null
     * @param claimTime   when it was claimed, or null
     * @return a copy with them
     */
    public IpamBlock withAffinity(@Nullable String newAffinity, @Nullable String claimTime) {
        return new IpamBlock(ObjectMeta.named(metadata.name()), cidr, newAffinity, claimTime, allocations, unallocated,
                attributes, sequenceNumber + 1, sequenceNumberForAllocation, deleted);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IpamBlock)) {
            return false;
        }
        IpamBlock b = (IpamBlock) o;
        return metadata.equals(b.metadata) && cidr.equals(b.cidr) && Objects.equals(affinity, b.affinity)
                && Objects.equals(affinityClaimTime, b.affinityClaimTime) && Arrays.equals(allocations, b.allocations)
                && Arrays.equals(unallocated, b.unallocated) && attributes.equals(b.attributes)
                && sequenceNumber == b.sequenceNumber && sequenceNumberForAllocation.equals(b.sequenceNumberForAllocation)
                && deleted == b.deleted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cidr, affinity, sequenceNumber, Arrays.hashCode(allocations));
    }

    @Override
    public String toString() {
        return "IpamBlock{" + cidr + ", affinity=" + affinity + ", inUse=" + inUse() + "/" + size()
                + ", sequenceNumber=" + sequenceNumber + "}";
    }
}
