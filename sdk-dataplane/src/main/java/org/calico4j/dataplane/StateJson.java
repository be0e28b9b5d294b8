package org.calico4j.dataplane;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * A readable JSON form of {@link DataplaneState} and {@link Verdict}, for {@code calico4j render} and
 * {@code calico4j trace}, logs and test reports.
 *
 * <pre>{@code
 * System.out.println(StateJson.of(dp.state()).toPrettyString());
 * }</pre>
 */
public final class StateJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private StateJson() {
    }

    /**
     * A node's dataplane state as JSON ({@code calico4j render memory -o json}).
     *
     * @param s the state
     * @return the JSON tree
     */
    public static ObjectNode of(DataplaneState s) {
        ObjectNode n = F.objectNode();
        n.put("node", s.host().name());
        ObjectNode host = n.putObject("host");
        put(host, "ipv4Address", s.host().ipv4());
        put(host, "ipv6Address", s.host().ipv6());
        put(host, "ipipTunnelAddress", s.host().ipipTunnelAddress());
        put(host, "vxlanTunnelAddress", s.host().vxlanTunnelAddress());
        put(host, "vxlanTunnelAddressV6", s.host().vxlanTunnelAddressV6());
        put(host, "vxlanTunnelMACAddr", s.host().vxlanMac());
        ArrayNode pools = n.putArray("pools");
        for (PoolInfo p : s.pools().values()) {
            ObjectNode o = pools.addObject();
            o.put("cidr", p.cidr().toString());
            o.put("natOutgoing", p.natOutgoing());
            o.put("ipipMode", p.ipipMode().wire());
            o.put("vxlanMode", p.vxlanMode().wire());
            o.put("encapsulation", p.encap().name());
            o.put("loadBalancerOnly", p.loadBalancerOnly());
            o.put("disableBGPExport", p.disableBgpExport());
            o.put("disabled", p.disabled());
        }
        ArrayNode wls = n.putArray("workloads");
        for (LocalWorkload w : s.workloads().values()) {
            ObjectNode o = wls.addObject();
            o.put("endpoint", w.key());
            o.put("interfaceName", w.interfaceName());
            ArrayNode a = o.putArray("ipNetworks");
            w.ipNetworks().forEach(c -> a.add(c.toString()));
            if (!w.mac().isEmpty()) {
                o.put("mac", w.mac());
            }
        }
        ArrayNode routes = n.putArray("routes");
        for (RouteInfo r : s.routes().values()) {
            ObjectNode o = routes.addObject();
            o.put("cidr", r.cidr().toString());
            o.put("type", r.type().name());
            o.put("encapsulation", r.encap().name());
            o.put("owner", r.owner().name());
            put(o, "node", r.dstNode());
            put(o, "nodeIP", r.dstNodeIp());
            o.put("route", r.describe());
        }
        ObjectNode sets = n.putObject("ipSets");
        s.ipSets().forEach((name, members) -> {
            ArrayNode a = sets.putArray(name);
            members.forEach(c -> a.add(c.toString()));
        });
        ObjectNode nat = n.putObject("natOutgoing");
        put(nat, "natOutgoingAddress", s.nat().natOutgoingAddress());
        put(nat, "natPortRange", s.nat().portRange());
        put(nat, "interfaceFilter", s.nat().interfaceFilter());
        nat.put("natOutgoingExclusions", s.nat().excludeHostIps() ? "IPPoolsAndHostIPs" : "IPPoolsOnly");
        ObjectNode routing = n.putObject("routing");
        routing.put("felixProgramsClusterRoutes", s.routing().felixProgramsClusterRoutes());
        routing.put("birdProgramsClusterRoutes", s.routing().birdProgramsClusterRoutes());
        routing.put("ipipEnabled", s.routing().ipipEnabled());
        routing.put("vxlanEnabled", s.routing().vxlanEnabled());
        routing.put("vxlanEnabledV6", s.routing().vxlanEnabledV6());
        ArrayNode blocked = n.putArray("blockedCIDRs");
        for (Cidr c : s.blockedCidrs()) {
            blocked.add(c.toString());
        }
        return n;
    }

    /**
     * A verdict as JSON ({@code calico4j trace -o json}).
     *
     * @param v the verdict
     * @return the JSON tree
     */
    public static ObjectNode of(Verdict v) {
        ObjectNode n = F.objectNode();
        n.put("action", v.action().name());
        put(n, "snatTo", v.snatTo());
        put(n, "snatPorts", v.snatPorts());
        n.put("sourceSeen", v.sourceSeen().toString());
        n.put("encap", v.encap().name());
        put(n, "outerSrc", v.outerSrc());
        put(n, "outerDst", v.outerDst());
        put(n, "device", v.device());
        n.put("route", v.route());
        n.put("reason", v.reason());
        return n;
    }

    private static void put(ObjectNode n, String field, @Nullable Object value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value.toString());
        }
    }
}
