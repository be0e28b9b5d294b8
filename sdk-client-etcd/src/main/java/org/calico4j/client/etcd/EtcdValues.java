package org.calico4j.client.etcd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.etcd.jetcd.KeyValue;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.internal.Versions;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.Resource;
import org.calico4j.model.ipam.IpamJson;
import org.calico4j.model.manifest.Manifest;

/** Calico's stored JSON: the whole v3 object without resourceVersion and selfLink; IPAM records in their own form. */
final class EtcdValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EtcdValues() {
    }

    static byte[] encode(Resource r) {
        if (r.kind().isInternal()) {
            return IpamJson.encode(r).toString().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode json = Manifest.toJsonTree(r);
        ObjectNode meta = (ObjectNode) json.get("metadata");
        meta.remove("resourceVersion");
        meta.remove("selfLink");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The resource stored at {@code kv}; a value calico4j cannot read (not JSON, or a field it does not know,
     * as a newer Calico may write) is a non-retryable {@link DatastoreException} naming the etcd key.
     */
    static Resource decode(ResourceKey key, KeyValue kv) {
        try {
            byte[] bytes = kv.getValue().getBytes();
            // Calico reads an empty affinity value as {} (its legacy format).
            JsonNode json = bytes.length == 0 && key.kind().isInternal() ? JSON.createObjectNode() : JSON.readTree(bytes);
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Resource r = key.kind().isInternal() ? IpamJson.decode(key.kind(), key.name(), json) : Manifest.fromJsonTree(json);
            if (r.kind() != key.kind()) {
                throw new IllegalArgumentException("a " + r.kind().kindName() + " stored under a " + key.kind().kindName() + " key");
            }
            return Versions.stamp(r, kv.getModRevision());
        } catch (IOException e) {
            throw new DatastoreException("etcd value at " + kv.getKey().toString(StandardCharsets.UTF_8)
                    + " is not JSON: " + firstLine(e.getMessage()), false, e);
        } catch (RuntimeException e) {
            throw new DatastoreException("etcd value at " + kv.getKey().toString(StandardCharsets.UTF_8)
                    + " is not a valid " + key.kind().kindName() + ": " + firstLine(e.getMessage()), false, e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static Versioned versioned(ResourceKey key, KeyValue kv) {
        return new Versioned(key, decode(key, kv), kv.getModRevision());
    }
}
