package org.calico4j.client.ipam;

import java.util.List;

/**
 * The outcome of {@link Ipam#check()}: what IPAM holds and every inconsistency found in it.
 *
 * <pre>{@code
 * IpamReport r = client.ipam().check();
 * if (!r.isClean()) r.problems().forEach(p -> log.warn("{}", p));
 * }</pre>
 *
 * @param blocks      IPAM blocks read
 * @param allocations addresses the blocks record as allocated
 * @param activePools enabled IP pools
 * @param handles     handles read
 * @param problems    what is wrong, in the order found
 */
public record IpamReport(int blocks, int allocations, int activePools, int handles, List<Problem> problems) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param blocks IPAM blocks read
     * @param allocations addresses the blocks record as allocated
     * @param activePools enabled IP pools
     * @param handles handles read
     * @param problems what is wrong, in the order found
     */
    public IpamReport {
        problems = List.copyOf(problems);
    }

    /** What can be wrong. */
    public enum ProblemType {
        /**
         * An allocated address whose handle does not hold it: the handle is missing, or counts fewer addresses
         * in the block (addresses assigned without a handle are not checked: they are released by address).
         */
        LEAKED_ADDRESS,
        /** An allocated address in no enabled IP pool. */
        ADDRESS_IN_NO_POOL,
        /** A block or affinity whose host has no Node resource. */
        NODE_GONE,
        /** An address allocated twice: by two blocks that overlap. */
        DOUBLE_ALLOCATION,
        /** A handle that counts more addresses in a block than the block holds for it. */
        HANDLE_WITHOUT_ADDRESSES,
        /** A confirmed affinity whose block is missing or owned by another host. */
        STALE_AFFINITY,
        /** A block whose ordinals are not each either allocated or queued as free exactly once. */
        BLOCK_INCONSISTENT
    }

    /**
     * One inconsistency.
     *
     * @param type    what kind
     * @param subject the address, block, handle or affinity concerned
     * @param detail  a sentence saying what is wrong
     */
    public record Problem(ProblemType type, String subject, String detail) {
        @Override
        public String toString() {
            return type + " " + subject + ": " + detail;
        }
    }

    /**
     * Whether the check found nothing wrong.
     *
     * @return true when there are no problems
     */
    public boolean isClean() {
        return problems.isEmpty();
    }

    /**
     * The problems of one type.
     *
     * @param type the problem type
     * @return those problems, in the order found
     */
    public List<Problem> problems(ProblemType type) {
        return problems.stream().filter(p -> p.type() == type).toList();
    }
}
