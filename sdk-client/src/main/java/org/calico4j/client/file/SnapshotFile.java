package org.calico4j.client.file;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.calico4j.client.internal.MvccStore.Change;
import org.calico4j.client.spi.Versioned;

/**
 * {@code snapshot.json}: the store revision and every live value with its revision, one value per
 * line: {@code {"revision":N,"items":[<change>,...]}}. It is replaced whole (written aside,
 * forced, renamed over), so it is never torn; a damaged one is refused, not guessed at.
 */
final class SnapshotFile {
    static final String NAME = "snapshot.json";
    static final String TEMP_NAME = "snapshot.json.tmp";

    /** A snapshot read back. */
    record Snapshot(long revision, List<Versioned> items) {
    }

    private SnapshotFile() {
    }

    static void write(Path dir, long revision, List<Versioned> items) throws IOException {
        Path tmp = dir.resolve(TEMP_NAME);
        try (FileChannel ch = Fs.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            Writer w = new BufferedWriter(Channels.newWriter(ch, StandardCharsets.UTF_8), 1 << 16);
            w.write("{\"revision\":" + revision + ",\"items\":[");
            for (int i = 0; i < items.size(); i++) {
                Versioned v = items.get(i);
                w.write(i == 0 ? "\n" : ",\n");
                w.write(Records.toJson(v.revision(), v.key(), v.value()));
            }
            w.write("\n]}\n");
            w.flush();
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        // The rename is the commit point: before it the old snapshot (and the whole WAL) rules.
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE);
        Fs.syncDirectory(dir);
    }

    static Snapshot read(Path file) throws IOException, CorruptDataException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new CorruptDataException("not UTF-8", e);
        }
        JsonNode root = Records.parse(text);
        if (!root.isObject() || !root.path("revision").canConvertToLong() || !root.path("items").isArray()) {
            throw new CorruptDataException("a snapshot needs revision and items");
        }
        long revision = root.get("revision").asLong();
        List<Versioned> items = new ArrayList<>();
        for (JsonNode item : root.get("items")) {
            Change c = Records.read(item);
            if (c.value() == null) {
                throw new CorruptDataException(c.key() + " has no value");
            }
            items.add(new Versioned(c.key(), c.value(), c.revision()));
        }
        for (Versioned v : items) {
            if (v.revision() > revision) {
                throw new CorruptDataException(v.key() + " has revision " + v.revision()
                        + ", after the snapshot's " + revision);
            }
        }
        return new Snapshot(revision, items);
    }
}
