package org.calico4j.model.ipam;

import java.util.Optional;

import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * IPAM's cluster-wide settings (Calico's {@code IPAMConfig}, stored at {@code /calico/ipam/v2/config}).
 * When none is stored, {@link #defaults()} apply: borrowing allowed, blocks claimed on demand,
 * at most 20 blocks per host.
 *
 * <pre>{@code
 * IpamConfig strict = IpamConfig.defaults().withStrictAffinity(true);
 * }</pre>
 *
 * @param metadata                      always named {@code default}
 * @param strictAffinity                when true a host never borrows addresses from another host's block
 * @param autoAllocateBlocks            when false hosts claim no new blocks
 * @param maxBlocksPerHost              blocks one host may claim; 0 means Calico's default of 20
 * @param kubeVirtVmAddressPersistence  {@code Enabled}, {@code Disabled}, or null when unset
 * @param ipCooldownSeconds             how long a released address stays unused; 0 = reused in FIFO order at once
 */
public record IpamConfig(ObjectMeta metadata, boolean strictAffinity, boolean autoAllocateBlocks, int maxBlocksPerHost,
                         @Nullable String kubeVirtVmAddressPersistence, int ipCooldownSeconds) implements Resource {
    /** The only name an IPAM config has. */
    public static final String NAME = "default";
    /** Calico's limit when {@code maxBlocksPerHost} is 0. */
    public static final int DEFAULT_MAX_BLOCKS_PER_HOST = 20;

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the name is not {@code default} or a count is negative
     *
     * @param metadata always named {@code default}
     * @param strictAffinity when true a host never borrows addresses from another host's block
     * @param autoAllocateBlocks when false hosts claim no new blocks
     * @param maxBlocksPerHost blocks one host may claim; 0 means Calico's default of 20
     * @param kubeVirtVmAddressPersistence {@code Enabled}, {@code Disabled}, or null when unset
     * @param ipCooldownSeconds how long a released address stays unused; 0 = reused in FIFO order at once
     */
    public IpamConfig {
        if (!NAME.equals(metadata.name())) {
            throw new IllegalArgumentException("the IPAM config is named 'default', not '" + metadata.name() + "'");
        }
        if (maxBlocksPerHost < 0) {
            throw new IllegalArgumentException("maxBlocksPerHost must not be negative: " + maxBlocksPerHost);
        }
        if (ipCooldownSeconds < 0) {
            throw new IllegalArgumentException("ipCooldownSeconds must not be negative: " + ipCooldownSeconds);
        }
    }

    /**
     * Calico's defaults: no strict affinity, automatic block allocation, 20 blocks per host.
     *
     * @return the default config
     */
    public static IpamConfig defaults() {
        return new IpamConfig(ObjectMeta.named(NAME), false, true, 0, null, 0);
    }

    /**
     * The block limit in force: {@code maxBlocksPerHost}, or 20 when that is 0.
     *
     * @return the limit
     */
    public int effectiveMaxBlocksPerHost() {
        return maxBlocksPerHost == 0 ? DEFAULT_MAX_BLOCKS_PER_HOST : maxBlocksPerHost;
    }

    /**
     * The KubeVirt VM address persistence setting.
     *
     * @return {@code Enabled} or {@code Disabled}, or empty when unset
     */
    public Optional<String> kubeVirtVmAddressPersistenceValue() {
        return Optional.ofNullable(kubeVirtVmAddressPersistence);
    }

    /**
     * This value with {@code strictAffinity} replaced.
     *
     * @param v the new {@code strictAffinity}
     * @return a copy with it
     */
    public IpamConfig withStrictAffinity(boolean v) {
        return new IpamConfig(ObjectMeta.named(NAME), v, autoAllocateBlocks, maxBlocksPerHost, kubeVirtVmAddressPersistence, ipCooldownSeconds);
    }

    /**
     * This value with {@code autoAllocateBlocks} replaced.
     *
     * @param v the new {@code autoAllocateBlocks}
     * @return a copy with it
     */
    public IpamConfig withAutoAllocateBlocks(boolean v) {
        return new IpamConfig(ObjectMeta.named(NAME), strictAffinity, v, maxBlocksPerHost, kubeVirtVmAddressPersistence, ipCooldownSeconds);
    }

    /**
     * This value with {@code maxBlocksPerHost} replaced. MaxBlocksPerHost, if non-zero, is the max
     * number of blocks that can be affine to each host.
     *
     * @param v the new {@code maxBlocksPerHost}
     * @return a copy with it
     */
    public IpamConfig withMaxBlocksPerHost(int v) {
        return new IpamConfig(ObjectMeta.named(NAME), strictAffinity, autoAllocateBlocks, v, kubeVirtVmAddressPersistence, ipCooldownSeconds);
    }

    /**
     * This value with {@code ipCooldownSeconds} replaced.
     *
     * @param v the new {@code ipCooldownSeconds}
     * @return a copy with it
     */
    public IpamConfig withIpCooldownSeconds(int v) {
        return new IpamConfig(ObjectMeta.named(NAME), strictAffinity, autoAllocateBlocks, maxBlocksPerHost, kubeVirtVmAddressPersistence, v);
    }

    @Override
    public Kind kind() {
        return Kind.IPAM_CONFIG;
    }

    @Override
    public IpamConfig withMetadata(ObjectMeta newMetadata) {
        return new IpamConfig(newMetadata, strictAffinity, autoAllocateBlocks, maxBlocksPerHost, kubeVirtVmAddressPersistence, ipCooldownSeconds);
    }
}
