package org.calico4j.client.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.client.internal.MvccStore.Change;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.ipam.IpamJson;
import org.calico4j.model.manifest.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * The on-disk form of one change: {@code {"rev":N,"kind":"IPPool","namespace":"","name":"x","value":{..}|null}},
 * and a WAL line: {@code <crc32 of the JSON, 8 hex digits> <JSON>\n}, where the JSON is one change, or
 * for a transaction the array of its changes (one revision, distinct keys), so that a crash keeps all of
 * a transaction or none of it. The CRC and the line end let recovery tell a complete record from one
 * torn by a crash.
 */
final class Records {
    private Records() {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static String toJson(long revision, ResourceKey key, @Nullable Resource value) {
        return toNode(revision, key, value).toString();
    }

    static ObjectNode toNode(long revision, ResourceKey key, @Nullable Resource value) {
        ObjectNode n = JSON.createObjectNode();
        n.put("rev", revision);
        n.put("kind", key.kind().kindName());
        n.put("namespace", key.namespace());
        n.put("name", key.name());
        if (value == null) {
            n.putNull("value");
        } else {
            n.set("value", value.kind().isInternal() ? IpamJson.encode(value) : Manifest.toJsonTree(value));
        }
        return n;
    }

    static JsonNode parse(String json) throws CorruptDataException {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new CorruptDataException("not JSON: " + e.getMessage(), e);
        }
    }

    /** Reads one change object. */
    static Change read(JsonNode n) throws CorruptDataException {
        if (!n.isObject() || !n.path("rev").canConvertToLong() || !n.path("kind").isTextual()
                || !n.path("namespace").isTextual() || !n.path("name").isTextual() || !n.has("value") || n.size() != 5) {
            throw new CorruptDataException("a change has exactly rev, kind, namespace, name and value: " + abbreviate(n));
        }
        long rev = n.get("rev").asLong();
        if (rev < 1) {
            throw new CorruptDataException("revision " + rev + " is not positive");
        }
        String kind = n.get("kind").textValue();
        Kind k = Kind.fromKindName(kind).orElseThrow(() -> new CorruptDataException("unknown kind '" + kind + "'"));
        JsonNode value = n.get("value");
        return new Change(rev, new ResourceKey(k, n.get("namespace").textValue(), n.get("name").textValue()),
                value.isNull() ? null : decode(k, n.get("name").textValue(), value));
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static Resource decode(Kind kind, String name, JsonNode json) throws CorruptDataException {
        try {
            return kind.isInternal() ? IpamJson.decode(kind, name, json) : Manifest.fromJsonTree(json);
        } catch (RuntimeException e) {
            throw new CorruptDataException("value does not decode: " + e.getMessage(), e);
        }
    }

    static byte[] walLine(List<Change> changes) {
        if (changes.size() == 1) {
            Change c = changes.get(0);
            return crcLine(toJson(c.revision(), c.key(), c.value()));
        }
        ArrayNode a = JSON.createArrayNode();
        for (Change c : changes) {
            a.add(toNode(c.revision(), c.key(), c.value()));
        }
        return crcLine(a.toString());
    }

    /** {@code <crc32 of the JSON, 8 hex digits> <JSON>\n}: the framing of WAL and snapshot lines. */
    static byte[] crcLine(String jsonText) {
        byte[] json = jsonText.getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[9 + json.length + 1];
        byte[] crc = String.format("%08x ", crc(json, 0, json.length)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(crc, 0, line, 0, 9);
        System.arraycopy(json, 0, line, 9, json.length);
        line[line.length - 1] = '\n';
        return line;
    }

    /** Parses a snapshot line's first {@code length} bytes (without its line end): one change. */
    static Change parseChangeLine(byte[] line, int length) throws CorruptDataException {
        List<Change> changes = parseWalLine(line, length);
        if (changes.size() != 1) {
            throw new CorruptDataException("a snapshot line holds one change, not a transaction of " + changes.size())
                    .withValidChecksum();
        }
        return changes.get(0);
    }

    /** Parses a WAL line's first {@code length} bytes (without its line end): one write's change or a transaction's. */
    static List<Change> parseWalLine(byte[] line, int length) throws CorruptDataException {
        JsonNode json = checkedJson(line, length);
        try {
            return json.isArray() ? readTransaction(json) : List.of(read(json));
        } catch (CorruptDataException e) {
            throw e.withValidChecksum();
        }
    }

    /** A transaction's changes: at least two, one revision, distinct keys. */
    private static List<Change> readTransaction(JsonNode a) throws CorruptDataException {
        if (a.size() < 2) {
            throw new CorruptDataException("a transaction record holds at least two changes: " + abbreviate(a));
        }
        List<Change> out = new ArrayList<>(a.size());
        Set<ResourceKey> keys = new HashSet<>();
        for (JsonNode n : a) {
            Change c = read(n);
            if (!out.isEmpty() && c.revision() != out.get(0).revision()) {
                throw new CorruptDataException("a transaction record mixes revisions " + out.get(0).revision() + " and "
                        + c.revision());
            }
            if (!keys.add(c.key())) {
                throw new CorruptDataException("a transaction record changes " + c.key() + " twice");
            }
            out.add(c);
        }
        return List.copyOf(out);
    }

    /**
     * The JSON of a {@code <crc> <json>} line's first {@code length} bytes, its checksum verified.
     * A failure here is damage ({@link CorruptDataException#checksumValid()} false); one after it,
     * in decoding, is a record that was written whole yet does not read.
     */
    static JsonNode checkedJson(byte[] line, int length) throws CorruptDataException {
        if (length < 10 || line[8] != ' ') {
            throw new CorruptDataException("not a '<crc32> <json>' record");
        }
        long expected = 0;
        for (int i = 0; i < 8; i++) {
            int d = Character.digit(line[i], 16);
            if (d < 0) {
                throw new CorruptDataException("bad CRC digits");
            }
            expected = expected << 4 | d;
        }
        long actual = crc(line, 9, length - 9);
        if (actual != expected) {
            throw new CorruptDataException(String.format("CRC mismatch (record says %08x, data is %08x)",
                    expected, actual));
        }
        try {
            return parse(new String(line, 9, length - 9, StandardCharsets.UTF_8));
        } catch (CorruptDataException e) {
            throw e.withValidChecksum();
        }
    }

    private static long crc(byte[] b, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(b, off, len);
        return crc.getValue();
    }
}
