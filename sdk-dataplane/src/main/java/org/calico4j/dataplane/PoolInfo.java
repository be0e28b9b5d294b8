package org.calico4j.dataplane;

import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.net.Cidr;

/**
 * What the dataplane needs of an IP pool (Felix's {@code IPAMPoolUpdate}): its range, NAT-outgoing,
 * encapsulation modes, and whether it is LoadBalancer-only (kept out of {@code network-ip-pools}).
 * {@code disabled} is carried but, as in Felix, changes nothing in the dataplane.
 *
 * <pre>{@code
 * PoolInfo p = new PoolInfo(Cidr.parse("10.244.0.0/16"), true, EncapsulationMode.ALWAYS, EncapsulationMode.NEVER, false, false, false);
 * }</pre>
 *
 * @param cidr             the pool
 * @param natOutgoing      masquerade traffic from the pool to destinations outside all pools
 * @param ipipMode         Never, Always or CrossSubnet
 * @param vxlanMode        Never, Always or CrossSubnet (wins over IPIP when both are set)
 * @param loadBalancerOnly {@code allowedUses} is exactly {@code [LoadBalancer]}
 * @param disableBgpExport the pool's blocks are not advertised over BGP
 * @param disabled         no new allocations (no dataplane effect)
 */
public record PoolInfo(Cidr cidr, boolean natOutgoing, EncapsulationMode ipipMode, EncapsulationMode vxlanMode,
                       boolean loadBalancerOnly, boolean disableBgpExport, boolean disabled) {
    /**
     * The encapsulation the pool asks for (VXLAN wins; LoadBalancer-only pools never encapsulate).
     *
     * @return the encapsulation
     */
    public Encap encap() {
        if (loadBalancerOnly) {
            return Encap.NONE;
        }
        if (vxlanMode != EncapsulationMode.NEVER) {
            return Encap.VXLAN;
        }
        return ipipMode != EncapsulationMode.NEVER && cidr.version() == 4 ? Encap.IPIP : Encap.NONE;
    }

    /**
     * {@return true when the pool encapsulates only towards nodes outside the local node's subnet}
     */
    public boolean crossSubnet() {
        Encap e = encap();
        return e == Encap.VXLAN ? vxlanMode == EncapsulationMode.CROSS_SUBNET
                : e == Encap.IPIP && ipipMode == EncapsulationMode.CROSS_SUBNET;
    }
}
