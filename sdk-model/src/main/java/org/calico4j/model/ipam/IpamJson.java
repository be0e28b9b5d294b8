package org.calico4j.model.ipam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * The JSON Calico stores IPAM records as (libcalico-go's {@code model.AllocationBlock},
 * {@code BlockAffinity}, {@code IPAMHandle}, {@code IPAMConfig}); the etcd datastore writes exactly
 * this under {@code /calico/ipam/v2/}, so calicoctl and Calico's own IPAM read what calico4j wrote.
 *
 * <pre>{@code
 * ObjectNode json = IpamJson.encode(handle);            // {"block":{"10.244.1.0/26":2},"deleted":false}
 * Resource back = IpamJson.decode(Kind.IPAM_HANDLE, "h1", json);
 * }</pre>
 */
public final class IpamJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private IpamJson() {
    }

    /**
     * The stored JSON of an IPAM record; the name and resourceVersion live in the key, not here.
     *
     * @param r an IPAM record (IpamBlock, BlockAffinity, IpamHandle or IpamConfig)
     * @return its JSON in libcalico-go's form
     */
    public static ObjectNode encode(Resource r) {
        if (r instanceof IpamBlock) {
            return block((IpamBlock) r);
        }
        if (r instanceof BlockAffinity) {
            BlockAffinity a = (BlockAffinity) r;
            ObjectNode n = F.objectNode();
            n.put("state", a.state().json());
            n.put("deleted", a.deleted());
            return n;
        }
        if (r instanceof IpamHandle) {
            IpamHandle h = (IpamHandle) r;
            ObjectNode n = F.objectNode();
            ObjectNode blocks = n.putObject("block");
            h.blocks().forEach((c, count) -> blocks.put(c.toString(), count));
            n.put("deleted", h.deleted());
            return n;
        }
        if (r instanceof IpamConfig) {
            IpamConfig c = (IpamConfig) r;
            ObjectNode n = F.objectNode();
            // Go's omitempty: false and 0 are left out.
            if (c.strictAffinity()) {
                n.put("strict_affinity", true);
            }
            if (c.autoAllocateBlocks()) {
                n.put("auto_allocate_blocks", true);
            }
            if (c.maxBlocksPerHost() != 0) {
                n.put("maxBlocksPerHost", c.maxBlocksPerHost());
            }
            if (c.kubeVirtVmAddressPersistence() != null) {
                n.put("kubeVirtVMAddressPersistence", c.kubeVirtVmAddressPersistence());
            }
            if (c.ipCooldownSeconds() != 0) {
                n.put("ipCooldownSeconds", c.ipCooldownSeconds());
            }
            return n;
        }
        throw new IllegalArgumentException(r.kind().kindName() + " is not an IPAM record");
    }

    private static ObjectNode block(IpamBlock b) {
        ObjectNode n = F.objectNode();
        n.put("cidr", b.cidr().toString());
        if (b.affinity().isPresent()) {
            n.put("affinity", b.affinity().get());
        } else {
            n.putNull("affinity");
        }
        b.affinityClaimTime().ifPresent(t -> n.put("affinity_claim_time", t));
        ArrayNode alloc = n.putArray("allocations");
        for (int i = 0; i < b.size(); i++) {
            int a = b.allocationAt(i);
            if (a == IpamBlock.FREE) {
                alloc.addNull();
            } else {
                alloc.add(a);
            }
        }
        ArrayNode free = n.putArray("unallocated");
        for (int u : b.unallocated()) {
            free.add(u);
        }
        ArrayNode attrs = n.putArray("attributes");
        for (AllocationAttribute a : b.attributes()) {
            ObjectNode o = attrs.addObject();
            // Go's omitempty on all three.
            if (a.handleId() != null) {
                o.put("handle_id", a.handleId());
            }
            putMap(o, "secondary", a.secondary());
            putMap(o, "alternate", a.alternateOwnerAttrs());
            if (a.releasedAt() != null) {
                o.put("releasedAt", a.releasedAt());
            }
        }
        n.put("deleted", b.deleted());
        n.put("sequenceNumber", b.sequenceNumber());
        ObjectNode seq = n.putObject("sequenceNumberForAllocation");
        b.sequenceNumberForAllocation().forEach((ord, s) -> seq.put(Integer.toString(ord), s));
        return n;
    }

    private static void putMap(ObjectNode o, String field, Map<String, String> m) {
        if (m.isEmpty()) {
            return;
        }
        ObjectNode x = o.putObject(field);
        m.forEach(x::put);
    }

    /**
     * Reads a stored IPAM record of {@code kind} kept under {@code name}; throws
     * {@link IllegalArgumentException} naming the record, the field and what is wrong with it.
     *
     * @param kind one of the IPAM kinds
     * @param name the record's name, from its key
     * @param json the stored JSON
     * @return the record
     */
    public static Resource decode(Kind kind, String name, JsonNode json) {
        String what = kind.kindName() + " " + name;
        if (!json.isObject()) {
            throw new IllegalArgumentException(what + ": stored value is not a JSON object: " + abbreviate(json));
        }
        try {
            switch (kind) {
                case IPAM_BLOCK:
                    return decodeBlock(name, json, what);
                case BLOCK_AFFINITY:
                    return decodeAffinity(name, json, what);
                case IPAM_HANDLE:
                    return decodeHandle(name, json, what);
                case IPAM_CONFIG:
                    return new IpamConfig(ObjectMeta.named(name), bool(json, "strict_affinity", what),
                            bool(json, "auto_allocate_blocks", what), integer(json, "maxBlocksPerHost", what),
                            optText(json, "kubeVirtVMAddressPersistence", what), integer(json, "ipCooldownSeconds", what));
                default:
                    throw new IllegalArgumentException(kind.kindName() + " is not an IPAM kind");
            }
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(what) ? e
                    : new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private static IpamBlock decodeBlock(String name, JsonNode json, String what) {
        String cidrText = optText(json, "cidr", what);
        if (cidrText == null) {
            throw new IllegalArgumentException(what + ": field 'cidr' is missing");
        }
        Cidr cidr = Cidr.tryParse(cidrText).orElseThrow(() ->
                new IllegalArgumentException(what + ": field 'cidr': '" + cidrText + "' is not a CIDR"));
        String affinity = optText(json, "affinity", what);
        if (affinity == null) {
            affinity = optText(json, "hostAffinity", what) == null ? null : "host:" + optText(json, "hostAffinity", what);
        }
        JsonNode allocNode = json.path("allocations");
        int[] alloc = new int[allocNode.isArray() ? allocNode.size() : 0];
        for (int i = 0; i < alloc.length; i++) {
            JsonNode a = allocNode.get(i);
            if (a.isNull()) {
                alloc[i] = IpamBlock.FREE;
            } else if (a.canConvertToInt() && a.isIntegralNumber()) {
                alloc[i] = a.intValue();
            } else {
                throw new IllegalArgumentException(what + ": field 'allocations[" + i + "]': " + a + " is not an attribute index");
            }
        }
        JsonNode freeNode = json.path("unallocated");
        int[] free = new int[freeNode.isArray() ? freeNode.size() : 0];
        for (int i = 0; i < free.length; i++) {
            if (!freeNode.get(i).isIntegralNumber()) {
                throw new IllegalArgumentException(what + ": field 'unallocated[" + i + "]': " + freeNode.get(i) + " is not an ordinal");
            }
            free[i] = freeNode.get(i).intValue();
        }
        List<AllocationAttribute> attrs = new ArrayList<>();
        JsonNode attrNode = json.path("attributes");
        for (int i = 0; attrNode.isArray() && i < attrNode.size(); i++) {
            JsonNode a = attrNode.get(i);
            String f = "attributes[" + i + "]";
            attrs.add(new AllocationAttribute(optText(a, "handle_id", what + ": " + f), map(a, "secondary", what + ": " + f),
                    map(a, "alternate", what + ": " + f), optText(a, "releasedAt", what + ": " + f)));
        }
        Map<Integer, Long> seq = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : json.path("sequenceNumberForAllocation").properties()) {
            try {
                seq.put(Integer.parseInt(e.getKey()), e.getValue().longValue());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(what + ": field 'sequenceNumberForAllocation': key '" + e.getKey()
                        + "' is not an ordinal", ex);
            }
        }
        JsonNode sn = json.path("sequenceNumber");
        return new IpamBlock(ObjectMeta.named(name), cidr, affinity, optText(json, "affinity_claim_time", what), alloc, free,
                attrs, sn.isMissingNode() || sn.isNull() ? 0 : sn.longValue(), seq, bool(json, "deleted", what));
    }

    private static BlockAffinity decodeAffinity(String name, JsonNode json, String what) {
        int slash = name.indexOf('/');
        Cidr cidr = slash < 0 ? null : IpamBlock.cidrOfName(name.substring(slash + 1)).orElse(null);
        if (cidr == null) {
            throw new IllegalArgumentException(what + ": the name is not <host>/<block>");
        }
        // An empty value is Calico's legacy format: a confirmed affinity.
        String state = optText(json, "state", what);
        AffinityState s = state == null || state.isEmpty() ? AffinityState.CONFIRMED : AffinityState.fromJson(state)
                .orElseThrow(() -> new IllegalArgumentException(what + ": field 'state': '" + state
                        + "' is not pending, confirmed or pendingDeletion"));
        return new BlockAffinity(ObjectMeta.named(name), name.substring(0, slash), cidr, s, bool(json, "deleted", what));
    }

    private static IpamHandle decodeHandle(String name, JsonNode json, String what) {
        Map<Cidr, Integer> blocks = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : json.path("block").properties()) {
            Cidr c = Cidr.tryParse(e.getKey()).orElseThrow(() ->
                    new IllegalArgumentException(what + ": field 'block': '" + e.getKey() + "' is not a CIDR"));
            if (!e.getValue().isIntegralNumber()) {
                throw new IllegalArgumentException(what + ": field 'block." + e.getKey() + "': " + e.getValue() + " is not a count");
            }
            if (e.getValue().intValue() > 0) {
                blocks.put(c, e.getValue().intValue());
            }
        }
        return new IpamHandle(ObjectMeta.named(name), blocks, bool(json, "deleted", what));
    }

    private static boolean bool(JsonNode json, String field, String what) {
        JsonNode v = json.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(what + ": field '" + field + "': " + v + " is not a boolean");
        }
        return v.booleanValue();
    }

    private static int integer(JsonNode json, String field, String what) {
        JsonNode v = json.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(what + ": field '" + field + "': " + v + " is not an integer");
        }
        return v.intValue();
    }

    private static @Nullable String optText(JsonNode json, String field, String what) {
        JsonNode v = json.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(what + ": field '" + field + "': " + v + " is not a string");
        }
        return v.textValue();
    }

    private static Map<String, String> map(JsonNode json, String field, String what) {
        JsonNode v = json.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException(what + ": field '" + field + "': " + v + " is not an object");
        }
        Map<String, String> m = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
