package org.calico4j.client.ipam.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.calico4j.client.ipam.IpamException;
import org.calico4j.model.ipam.AllocationAttribute;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * The edits IPAM makes to one block, as pure functions from a block to its next version (libcalico-go's
 * {@code allocationBlock}): take from the head of the free queue, push released ordinals to its tail,
 * share one attribute entry per owner, renumber attributes on release, record sequence numbers.
 * Every result has {@code sequenceNumber + 1}, as Calico's {@code updateBlock} writes it.
 */
final class BlockOps {
    private BlockOps() {
    }

    /** A block's next version and the addresses an edit took or freed. */
    record Edit(IpamBlock block, List<IpAddress> ips, List<IpAddress> notAllocated, Map<String, Integer> perHandle) {
    }

    /** Takes up to {@code num} free ordinals from the head of the queue, skipping reserved ones (they keep their place). */
    static @Nullable Edit autoAssign(IpamBlock b, int num, @Nullable String handle, Map<String, String> attrs,
                                     List<Cidr> reserved) {
        int[] free = b.unallocated();
        List<Integer> taken = new ArrayList<>(Math.min(num, free.length));
        int[] rest = new int[free.length];
        int restLen = 0;
        for (int ord : free) {
            if (taken.size() < num && !isReserved(b, ord, reserved)) {
                taken.add(ord);
            } else {
                rest[restLen++] = ord;
            }
        }
        if (taken.isEmpty()) {
            return null;
        }
        List<AllocationAttribute> attributes = new ArrayList<>(b.attributes());
        int idx = attributeIndex(attributes, AllocationAttribute.of(handle, attrs));
        int[] alloc = b.allocations();
        Map<Integer, Long> seq = new TreeMap<>(b.sequenceNumberForAllocation());
        List<IpAddress> ips = new ArrayList<>(taken.size());
        for (int ord : taken) {
            alloc[ord] = idx;
            seq.put(ord, b.sequenceNumber());
            ips.add(b.address(ord));
        }
        IpamBlock next = rebuild(b, alloc, java.util.Arrays.copyOf(rest, restLen), attributes, seq);
        return new Edit(next, ips, List.of(), handle == null ? Map.of() : Map.of(handle, ips.size()));
    }

    /** Free addresses of the block that auto-assign may hand out. */
    static int freeUsable(IpamBlock b, List<Cidr> reserved) {
        int n = 0;
        for (int ord : b.unallocated()) {
            if (!isReserved(b, ord, reserved)) {
                n++;
            }
        }
        return n;
    }

    static boolean isReserved(IpamBlock b, int ord, List<Cidr> reserved) {
        if (reserved.isEmpty()) {
            return false;
        }
        IpAddress ip = b.address(ord);
        for (Cidr c : reserved) {
            if (c.containsAddress(ip)) {
                return true;
            }
        }
        return false;
    }

    /** Allocates one given ordinal; {@link IpamException.Reason#IN_USE} when it is taken. */
    static Edit assign(IpamBlock b, int ord, @Nullable String handle, Map<String, String> attrs) {
        if (b.allocationAt(ord) != IpamBlock.FREE) {
            // Calico's ErrorResourceAlreadyExists{Identifier: ip} prints just this.
            throw new IpamException(IpamException.Reason.IN_USE, "resource already exists: " + b.address(ord));
        }
        int[] free = b.unallocated();
        int[] rest = new int[free.length];
        int n = 0;
        for (int f : free) {
            if (f != ord) {
                rest[n++] = f;
            }
        }
        List<AllocationAttribute> attributes = new ArrayList<>(b.attributes());
        int[] alloc = b.allocations();
        alloc[ord] = attributeIndex(attributes, AllocationAttribute.of(handle, attrs));
        Map<Integer, Long> seq = new TreeMap<>(b.sequenceNumberForAllocation());
        seq.put(ord, b.sequenceNumber());
        IpamBlock next = rebuild(b, alloc, java.util.Arrays.copyOf(rest, n), attributes, seq);
        return new Edit(next, List.of(b.address(ord)), List.of(), handle == null ? Map.of() : Map.of(handle, 1));
    }

    /** Frees the given addresses of the block; those already free are reported as not allocated. Null when nothing changes. */
    static Edit release(IpamBlock b, Collection<IpAddress> ips) {
        List<Integer> ords = new ArrayList<>();
        List<IpAddress> notAllocated = new ArrayList<>();
        for (IpAddress ip : new LinkedHashSet<>(ips)) {
            int ord = b.ordinalOf(ip);
            if (b.allocationAt(ord) == IpamBlock.FREE) {
                notAllocated.add(ip);
            } else {
                ords.add(ord);
            }
        }
        return free(b, ords, notAllocated);
    }

    /** Frees every address the block holds under {@code handle}. */
    static Edit releaseHandle(IpamBlock b, String handle) {
        List<Integer> ords = new ArrayList<>();
        for (int ord = 0; ord < b.size(); ord++) {
            int a = b.allocationAt(ord);
            if (a != IpamBlock.FREE && handle.equals(b.attributes().get(a).handleId())) {
                ords.add(ord);
            }
        }
        return free(b, ords, List.of());
    }

    private static Edit free(IpamBlock b, List<Integer> ords, List<IpAddress> notAllocated) {
        if (ords.isEmpty()) {
            return new Edit(b, List.of(), notAllocated, Map.of());
        }
        int[] alloc = b.allocations();
        int[] queue = b.unallocated();
        int[] free = java.util.Arrays.copyOf(queue, queue.length + ords.size());
        Map<Integer, Long> seq = new TreeMap<>(b.sequenceNumberForAllocation());
        Map<String, Integer> perHandle = new HashMap<>();
        List<IpAddress> released = new ArrayList<>(ords.size());
        int n = queue.length;
        for (int ord : ords) {
            String h = b.attributes().get(alloc[ord]).handleId();
            if (h != null) {
                perHandle.merge(h, 1, Integer::sum);
            }
            alloc[ord] = IpamBlock.FREE;
            // To the tail: released addresses are the last to be handed out again.
            free[n++] = ord;
            seq.remove(ord);
            released.add(b.address(ord));
        }
        // Attributes no ordinal refers to any more are dropped and the rest renumbered, in order.
        boolean[] used = new boolean[b.attributes().size()];
        for (int a : alloc) {
            if (a != IpamBlock.FREE) {
                used[a] = true;
            }
        }
        int[] renumber = new int[used.length];
        List<AllocationAttribute> attributes = new ArrayList<>();
        for (int i = 0; i < used.length; i++) {
            renumber[i] = attributes.size();
            if (used[i]) {
                attributes.add(b.attributes().get(i));
            }
        }
        for (int i = 0; i < alloc.length; i++) {
            if (alloc[i] != IpamBlock.FREE) {
                alloc[i] = renumber[alloc[i]];
            }
        }
        return new Edit(rebuild(b, alloc, free, attributes, seq), released, notAllocated, perHandle);
    }

    private static int attributeIndex(List<AllocationAttribute> attributes, AllocationAttribute wanted) {
        for (int i = 0; i < attributes.size(); i++) {
            if (attributes.get(i).equals(wanted)) {
                return i;
            }
        }
        attributes.add(wanted);
        return attributes.size() - 1;
    }

    private static IpamBlock rebuild(IpamBlock b, int[] alloc, int[] free, List<AllocationAttribute> attributes,
                                     Map<Integer, Long> seq) {
        return b.nextVersion(alloc, free, attributes, seq);
    }
}
