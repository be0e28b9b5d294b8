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
     * Assigns the request's IPv4 and IPv6 counts of addresses to its host. All or nothing:
     * when fewer are available every address taken is released again and {@link IpamException}
     * ({@link IpamException.Reason#EXHAUSTED}) names the pools tried, in Calico's words.
     *
     * <pre>{@code
     * IpamAssignments a = ipam.autoAssign(AutoAssignRequest.forHost("node-1").ipv4(1).handle("pod-a"));
     * }</pre>
     *
     * @param request host, counts, handle, attributes and pools
     * @return the addresses assigned, IPv4 and IPv6
     */
    IpamAssignments autoAssign(AutoAssignRequest request);

    /**
     * Assigns one given address; fails if it is allocated already or in no enabled pool.
     *
     * @param request the address, host, handle and attributes
     * @throws IpamException saying why the address cannot be assigned
     */
    void assignIp(AssignIpRequest request);

    /**
     * Releases addresses; those not allocated are reported, not an error.
     *
     * @param ips the addresses to release
     * @return the addresses released and those that were not allocated
     */
    ReleaseResult release(Collection<IpAddress> ips);

    /**
     * Releases every address held under {@code handleId}.
     *
     * @param handleId the handle the addresses were assigned with
     * @return the addresses released
     * @throws org.calico4j.client.NotFoundException when the handle does not exist
     */
    List<IpAddress> releaseByHandle(String handleId);

    /**
     * The addresses held under {@code handleId}, block by block in ordinal order.
     *
     * @param handleId the handle the addresses were assigned with
     * @return the addresses, empty when the handle does not exist
     */
    List<IpAddress> ipsByHandle(String handleId);

    /**
     * The handle and attributes of an allocated address.
     *
     * @param ip an address
     * @return its allocation, or empty when it is not allocated
     */
    Optional<Allocation> allocation(IpAddress ip);

    /**
     * Every allocation block, as stored ({@code /calico/ipam/v2/assignment/...} on etcd).
     *
     * @return the blocks
     */
    List<IpamBlock> blocks();

    /**
     * Every host's block affinities.
     *
     * @return the affinities
     */
    List<BlockAffinity> affinities();

    /**
     * The blocks {@code host} has an affinity to.
     *
     * @param host a node name
     * @return its affinities
     */
    List<BlockAffinity> affinities(String host);

    /**
     * Use per pool, with the blocks of each ({@code calicoctl ipam show [--show-blocks]}).
     *
     * @return one entry per pool
     */
    List<PoolUsage> usage();

    /**
     * A consistency report: leaked addresses, addresses in no pool, blocks of nodes that are gone, double allocations.
     *
     * @return the report; {@link IpamReport#isClean()} when nothing was found
     */
    IpamReport check();

    /**
     * The stored IPAM config, or Calico's defaults when none is stored.
     *
     * @return the config
     */
    IpamConfig config();

    /**
     * Stores the IPAM config, with Calico's rules (strict affinity and auto-allocation may not both be off ...).
     *
     * @param config the new config
     * @return the stored config
     */
    IpamConfig setConfig(IpamConfig config);

    /**
     * Releases every affinity of {@code host}: empty blocks are deleted, others lose their affinity.
     *
     * @param host a node name
     */
    void releaseHostAffinities(String host);

    /**
     * Releases every affinity to a block of {@code pool}, as Calico does before deleting the pool.
     *
     * @param pool the pool's CIDR
     */
    void releasePoolAffinities(Cidr pool);
}
