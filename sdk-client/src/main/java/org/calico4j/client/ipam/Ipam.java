package org.calico4j.client.ipam;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.calico4j.model.ipam.BlockAffinity;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.ipam.IpamConfig;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;

/**
 * Calico's IP address management over the client's datastore, with the rules of libcalico-go's
 * {@code ipam} package: per-host block affinity (pending, then confirmed), blocks sized by the pool's
 * {@code blockSize}, FIFO reuse of released addresses, handles counting what each owner holds,
 * borrowing from other hosts' blocks when the host can claim no new block (unless strict affinity),
 * pool {@code nodeSelector}, {@code disabled}, {@code allowedUses} and {@code assignmentMode}, and
 * IPReservations never auto-assigned. Every block, affinity and handle write is a compare-and-swap
 * retried up to 100 times, so any number of threads and processes may allocate at once.
 *
 * <pre>{@code
 * Ipam ipam = client.ipam();
 * IpAddress ip = ipam.autoAssign(AutoAssignRequest.forHost("node-1").ipv4(1).handle("pod-a")).ipv4().get(0);
 * ipam.releaseByHandle("pod-a");
 * }</pre>
 *
 * <p>Thread-safe; it holds no state of its own beyond the client's datastore.
 */
public interface Ipam {
    /**
     * Assigns {@code num4} IPv4 and {@code num6} IPv6 addresses to the request's host. All or nothing:
     * when fewer are available every address taken is released again and {@link IpamException}
     * ({@link IpamException.Reason#EXHAUSTED}) names the pools tried, in Calico's words.
     */
    IpamAssignments autoAssign(AutoAssignRequest request);

    /** Assigns one given address; fails if it is allocated already or in no enabled pool. */
    void assignIp(AssignIpRequest request);

    /** Releases addresses; those not allocated are reported, not an error. */
    ReleaseResult release(Collection<IpAddress> ips);

    /** Releases every address held under {@code handleId}; returns them. Fails with NotFound when the handle does not exist. */
    List<IpAddress> releaseByHandle(String handleId);

    /** The addresses held under {@code handleId}, block by block in ordinal order (empty when the handle does not exist). */
    List<IpAddress> ipsByHandle(String handleId);

    /** The handle and attributes of an allocated address. */
    Optional<Allocation> allocation(IpAddress ip);

    List<IpamBlock> blocks();

    List<BlockAffinity> affinities();

    /** The blocks {@code host} has an affinity to. */
    List<BlockAffinity> affinities(String host);

    /** Use per pool, with the blocks of each ({@code calicoctl ipam show [--show-blocks]}). */
    List<PoolUsage> usage();

    /** A consistency report: leaked addresses, addresses in no pool, blocks of nodes that are gone, double allocations. */
    IpamReport check();

    /** The stored IPAM config, or Calico's defaults when none is stored. */
    IpamConfig config();

    /** Stores the IPAM config, with Calico's rules (strict affinity and auto-allocation may not both be off ...). */
    IpamConfig setConfig(IpamConfig config);

    /** Releases every affinity of {@code host}: empty blocks are deleted, others lose their affinity. */
    void releaseHostAffinities(String host);

    /** Releases every affinity to a block of {@code pool}, as Calico does before deleting the pool. */
    void releasePoolAffinities(Cidr pool);
}
