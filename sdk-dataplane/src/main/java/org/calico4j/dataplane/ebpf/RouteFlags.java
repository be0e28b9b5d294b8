package org.calico4j.dataplane.ebpf;

import java.util.ArrayList;
import java.util.List;

/**
 * The flag bits of a {@code cali_v4_routes} value ({@code enum cali_rt_flags} in Calico's
 * {@code felix/bpf-gpl/routes.h}, Go {@code routes.Flags}, v3.32.1), and their names as
 * {@code calico-bpf routes dump} prints them.
 *
 * <pre>{@code
 * RouteFlags.describe(RouteFlags.IN_POOL | RouteFlags.NAT_OUT);   // "remote in-pool nat-out"
 * }</pre>
 */
public final class RouteFlags {
    /** Destination is in an IP pool ({@code in-pool}). */
    public static final int IN_POOL = 0x001;
    /** Destination is in a pool with {@code natOutgoing} ({@code nat-out}). */
    public static final int NAT_OUT = 0x002;
    /** Destination is a workload ({@code workload}). */
    public static final int WORKLOAD = 0x004;
    /** Destination is on this host ({@code local}; else {@code remote}). */
    public static final int LOCAL = 0x008;
    /** Destination is a host address ({@code host}). */
    public static final int HOST = 0x010;
    /** Next hop is in the host's own subnet ({@code same-subnet}). */
    public static final int SAME_SUBNET = 0x020;
    /** Reached through an IPIP tunnel ({@code tunneled}). */
    public static final int TUNNELED = 0x040;
    /** Excluded from direct server return ({@code no-dsr}). */
    public static final int NO_DSR = 0x080;
    /** Blackhole route that drops ({@code blackhole-drop}). */
    public static final int BLACKHOLE_DROP = 0x100;
    /** Blackhole route that rejects ({@code blackhole-reject}). */
    public static final int BLACKHOLE_REJECT = 0x200;
    /** Reached through a VXLAN tunnel ({@code vxlan}). */
    public static final int VXLAN = 0x400;
    /** Skip the ingress redirect ({@code skip-ingress-redir}). */
    public static final int SKIP_INGRESS_REDIRECT = 0x800;

    /** Global flag of the tc program: {@code natOutgoingExclusions: IPPoolsAndHostIPs} ({@code CALI_GLOBALS_NATOUTGOING_EXCLUDE_HOSTS}). */
    public static final int GLOBALS_NATOUTGOING_EXCLUDE_HOSTS = 0x1000;

    private static final int[] BITS = {IN_POOL, NAT_OUT, SAME_SUBNET, NO_DSR, TUNNELED, VXLAN, SKIP_INGRESS_REDIRECT, BLACKHOLE_DROP,
        BLACKHOLE_REJECT};
    private static final String[] NAMES = {"in-pool", "nat-out", "same-subnet", "no-dsr", "tunneled", "vxlan", "skip-ingress-redir",
        "blackhole-drop", "blackhole-reject"};

    private RouteFlags() {
    }

    /**
     * The names of the bits set in {@code flags}, in the order of Calico's {@code Flags.FlagNames()}:
     * {@code local} or {@code remote} (neither for a blackhole), then {@code host} or {@code workload}, then the rest.
     *
     * @param flags {@link RouteFlags} bits
     * @return the names, empty when none applies
     */
    public static List<String> names(int flags) {
        List<String> out = new ArrayList<>();
        if ((flags & LOCAL) != 0) {
            out.add("local");
        } else if ((flags & (BLACKHOLE_DROP | BLACKHOLE_REJECT)) == 0) {
            out.add("remote");
        }
        if ((flags & HOST) != 0) {
            out.add("host");
        } else if ((flags & WORKLOAD) != 0) {
            out.add("workload");
        }
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }

    /**
     * {@link #names} joined with spaces.
     *
     * @param flags {@link RouteFlags} bits
     * @return the names, space-separated ({@code ""} when none)
     */
    public static String describe(int flags) {
        return String.join(" ", names(flags));
    }

    /**
     * {@code 0x047}-style hex, three digits at least.
     *
     * @param flags {@link RouteFlags} bits
     * @return the bits in lower-case hex with a {@code 0x} prefix
     */
    public static String hex(int flags) {
        return String.format("0x%03x", flags);
    }

    /**
     * Calico's {@code cali_rt_flags_should_perform_nat_outgoing}: traffic from a NAT-outgoing source to a
     * destination with route flags {@code dst} is masqueraded unless the destination is in a pool, or is a
     * host that is local (always) or any host when {@code excludeHosts}.
     *
     * @param dst          the destination's route flags
     * @param excludeHosts {@code natOutgoingExclusions: IPPoolsAndHostIPs} is set
     * @return true when the packet is masqueraded
     */
    public static boolean shouldNatOutgoing(int dst, boolean excludeHosts) {
        if ((dst & IN_POOL) != 0) {
            return false;
        }
        return (dst & HOST) == 0 || (dst & LOCAL) == 0 && !excludeHosts;
    }
}
