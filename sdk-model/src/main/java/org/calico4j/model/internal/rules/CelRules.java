package org.calico4j.model.internal.rules;

import com.fasterxml.jackson.databind.JsonNode;

import org.calico4j.model.Kind;
import org.calico4j.model.net.IpAddress;

/**
 * The CEL rules of Calico v3.32.1's CRDs for these kinds, written out in Java (calico4j does not
 * embed a CEL engine). Each reports its message under the JSON path of the object it is on.
 */
final class CelRules {
    private CelRules() {
    }

    static void check(Kind kind, String name, JsonNode spec, Collector c) {
        switch (kind) {
            case BGP_CONFIGURATION:
                bgpConfiguration(spec, c);
                break;
            case BGP_PEER:
                bgpPeer(spec, c);
                break;
            case BGP_FILTER:
                for (String list : new String[] {"exportV4", "importV4", "exportV6", "importV6"}) {
                    JsonNode rules = spec.path(list);
                    for (int i = 0; i < rules.size(); i++) {
                        bgpFilterRule(rules.get(i), "spec." + list + "[" + i + "]", c);
                    }
                }
                break;
            case FELIX_CONFIGURATION:
                felix(name, spec, c);
                break;
            default:
                break;
        }
    }

    private static boolean meshExplicitlyOff(JsonNode spec) {
        JsonNode m = spec.get("nodeToNodeMeshEnabled");
        return m != null && m.isBoolean() && !m.booleanValue();
    }

    private static void bgpConfiguration(JsonNode s, Collector c) {
        if (s.has("nodeMeshPassword") && meshExplicitlyOff(s)) {
            c.add("spec", null, "nodeMeshPassword cannot be set when nodeToNodeMeshEnabled is false");
        }
        if (s.has("nodeMeshMaxRestartTime") && meshExplicitlyOff(s)) {
            c.add("spec", null, "nodeMeshMaxRestartTime cannot be set when nodeToNodeMeshEnabled is false");
        }
    }

    private static void bgpPeer(JsonNode s, Collector c) {
        boolean as = s.has("asNumber") && s.get("asNumber").asLong() != 0;
        boolean lws = set(s, "localWorkloadSelector");
        if (set(s, "node") && set(s, "nodeSelector")) {
            c.add("spec", null, "node and nodeSelector cannot both be set");
        }
        if (set(s, "peerIP") && set(s, "peerSelector")) {
            c.add("spec", null, "peerIP and peerSelector cannot both be set");
        }
        if (set(s, "peerSelector") && as) {
            c.add("spec", null, "asNumber must be empty when peerSelector is set");
        }
        if (lws && set(s, "peerIP")) {
            c.add("spec", null, "peerIP must be empty when localWorkloadSelector is set");
        }
        if (lws && set(s, "peerSelector")) {
            c.add("spec", null, "peerSelector must be empty when localWorkloadSelector is set");
        }
        if (lws && !as) {
            c.add("spec", null, "asNumber is required when localWorkloadSelector is set");
        }
        if (set(s, "reachableBy") && !set(s, "peerIP")) {
            c.add("spec", null, "reachableBy must be empty when peerIP is empty");
        }
        if (s.path("keepOriginalNextHop").asBoolean(false) && s.has("nextHopMode")) {
            c.add("spec", null, "keepOriginalNextHop and nextHopMode cannot both be set; keepOriginalNextHop is"
                    + " deprecated, use nextHopMode instead");
        }
    }

    private static void bgpFilterRule(JsonNode r, String path, Collector c) {
        if (set(r, "cidr") != set(r, "matchOperator")) {
            c.add(path, null, "cidr and matchOperator must both be set or both be empty");
        }
        if (r.has("prefixLength") && !set(r, "cidr")) {
            c.add(path, null, "cidr is required when prefixLength is set");
        }
        JsonNode ops = r.path("operations");
        if (ops.size() > 0 && !"Accept".equals(r.path("action").asText())) {
            c.add(path, null, "operations may only be used with action Accept");
        }
        for (int i = 0; i < ops.size(); i++) {
            JsonNode op = ops.get(i);
            int n = (op.has("addCommunity") ? 1 : 0) + (op.has("prependASPath") ? 1 : 0) + (op.has("setPriority") ? 1 : 0);
            if (n != 1) {
                c.add(path + ".operations[" + i + "]", null, "exactly one operation must be set");
            }
        }
    }

    private static void felix(String name, JsonNode s, Collector c) {
        JsonNode rtr = s.get("routeTableRange");
        if (rtr != null && rtr.isObject()) {
            long min = rtr.path("min").asLong(0);
            long max = rtr.path("max").asLong(0);
            if (!(min >= 1 && max >= min && max <= 250)) {
                c.add("spec.routeTableRange", null, "must be a range of route table indices within 1..250");
            }
        }
        JsonNode rtrs = s.path("routeTableRanges");
        for (int i = 0; i < rtrs.size(); i++) {
            long min = rtrs.get(i).path("min").asLong(0);
            long max = rtrs.get(i).path("max").asLong(0);
            if (min < 1) {
                c.add("spec.routeTableRanges[" + i + "]", null, "min must be >= 1");
            }
            if (min > max) {
                c.add("spec.routeTableRanges[" + i + "]", null, "min must not be greater than max");
            }
        }
        if (s.has("routeTableRange") && s.has("routeTableRanges")) {
            c.add("spec", null, "routeTableRange and routeTableRanges cannot both be set");
        }
        family(s, "natOutgoingAddress", 4, c);
        family(s, "deviceRouteSourceAddress", 4, c);
        family(s, "deviceRouteSourceAddressIPv6", 6, c);
        if ((name.equals("default") || name.startsWith("node.")) && s.has("nodeSelector")) {
            c.add("FelixConfiguration", null,
                    "nodeSelector must not be set on the 'default' or per-node ('node.*') FelixConfiguration");
        }
    }

    private static void family(JsonNode s, String field, int family, Collector c) {
        if (!set(s, field)) {
            return;
        }
        boolean ok = IpAddress.tryParse(s.get(field).asText()).map(a -> a.version() == family).orElse(false);
        if (!ok) {
            c.add("spec", null, field + " must be a valid IPv" + family + " address");
        }
    }

    /** A property that is present, not null and, when a string, not empty: what CEL's {@code has()} rules ask here. */
    private static boolean set(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        return v != null && !v.isNull() && !(v.isTextual() && v.textValue().isEmpty());
    }
}
