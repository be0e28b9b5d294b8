package org.calico4j.dataplane;

import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * The node's NAT-outgoing settings from FelixConfiguration ({@code default}, overridden by {@code node.<name>}).
 *
 * <pre>{@code
 * NatSettings.defaults().natOutgoingAddress();   // null: MASQUERADE to the egress address
 * }</pre>
 *
 * @param natOutgoingAddress SNAT to this address instead of masquerading (IPv4)
 * @param portRange          {@code natPortRange}, e.g. {@code 32768-65535} (TCP and UDP only)
 * @param interfaceFilter    {@code iptablesNATOutgoingInterfaceFilter} (iptables wildcard {@code +} allowed)
 * @param excludeHostIps     {@code natOutgoingExclusions: IPPoolsAndHostIPs}: node addresses are not masqueraded to either
 */
public record NatSettings(@Nullable IpAddress natOutgoingAddress, @Nullable String portRange, @Nullable String interfaceFilter,
                          boolean excludeHostIps) {
    /**
     * Felix's defaults: no fixed SNAT address, no port range, no interface filter.
     *
     * @return the settings
     */
    public static NatSettings defaults() {
        return new NatSettings(null, null, null, false);
    }

    /**
     * Does the interface filter admit {@code device}?
     *
     * @param device an outgoing interface
     * @return true when natOutgoing applies on it
     */
    public boolean admits(String device) {
        if (interfaceFilter == null || interfaceFilter.isEmpty()) {
            return true;
        }
        return interfaceFilter.endsWith("+") ? device.startsWith(interfaceFilter.substring(0, interfaceFilter.length() - 1))
                : device.equals(interfaceFilter);
    }
}
