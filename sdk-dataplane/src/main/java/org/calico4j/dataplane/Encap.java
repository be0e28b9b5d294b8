package org.calico4j.dataplane;

/**
 * How a packet leaves for another node: plain, IP-in-IP through {@code tunl0}, or VXLAN through
 * {@code vxlan.calico} (UDP 4789, VNI 4096).
 *
 * <pre>{@code
 * if (verdict.encap() == Encap.IPIP) assert verdict.outerDst() != null;
 * }</pre>
 */
public enum Encap {
    /** Plain IP, no tunnel. */
    NONE,
    /** IP-in-IP ({@code tunl0}). */
    IPIP,
    /** VXLAN ({@code vxlan.calico}). */
    VXLAN;

    /**
     * The device Felix uses for it ({@code eth0} stands for the node's own NIC).
     *
     * @param ipVersion 4 or 6
     * @return the device name
     */
    public String device(int ipVersion) {
        switch (this) {
            case IPIP:
                return "tunl0";
            case VXLAN:
                return ipVersion == 6 ? "vxlan-v6.calico" : "vxlan.calico";
            default:
                return HostInfo.NIC;
        }
    }
}
