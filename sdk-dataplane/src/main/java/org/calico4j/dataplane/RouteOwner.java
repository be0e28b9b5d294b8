package org.calico4j.dataplane;

/**
 * Who programs a route in Calico v3.32.1: Felix (VXLAN always; IPIP and no-encap with FelixConfiguration
 * {@code programClusterRoutes: Enabled}), BIRD (IPIP and no-encap unless BGPConfiguration
 * {@code programClusterRoutes: Disabled}), both (an inconsistent pair), or nobody.
 *
 * <pre>{@code
 * route.owner().installed();   // false for NONE: no cross-node route at all
 * }</pre>
 */
public enum RouteOwner {
    /** Felix programs the route (VXLAN routes, local workloads). */
    FELIX,
    /** BIRD programs the route, learned over BGP. */
    BIRD,
    /** Both would program it (Felix's and BIRD's protocols differ). */
    FELIX_AND_BIRD,
    /** Nobody programs it. */
    NONE;

    /**
     * {@return true when someone puts the route in the kernel}
     */
    public boolean installed() {
        return this != NONE;
    }

    /**
     * The owner when Felix does ({@code felix}) and/or BIRD does ({@code bird}) program the route.
     *
     * @param felix Felix programs it
     * @param bird  BIRD programs it
     * @return the owner
     */
    public static RouteOwner of(boolean felix, boolean bird) {
        return felix ? (bird ? FELIX_AND_BIRD : FELIX) : bird ? BIRD : NONE;
    }
}
