package org.calico4j.dataplane;

/**
 * Which encapsulations are on (Felix's encapsulation resolver) and who programs cluster routes.
 *
 * <pre>{@code
 * RoutingSettings.defaults().birdProgramsClusterRoutes();   // true in v3.32.1
 * }</pre>
 *
 * @param felixProgramsClusterRoutes FelixConfiguration {@code programClusterRoutes: Enabled} (default Disabled)
 * @param birdProgramsClusterRoutes  BGPConfiguration {@code programClusterRoutes} unset or Enabled
 * @param ipipEnabled                some pool uses IPIP (or FelixConfiguration {@code ipipEnabled})
 * @param vxlanEnabled               some IPv4 pool uses VXLAN (or {@code vxlanEnabled})
 * @param vxlanEnabledV6             some IPv6 pool uses VXLAN
 */
public record RoutingSettings(boolean felixProgramsClusterRoutes, boolean birdProgramsClusterRoutes, boolean ipipEnabled,
                              boolean vxlanEnabled, boolean vxlanEnabledV6) {
    /**
     * Felix's defaults: BIRD programs cluster routes, no IPIP or VXLAN in use.
     *
     * @return the settings
     */
    public static RoutingSettings defaults() {
        return new RoutingSettings(false, true, false, false, false);
    }
}
