package org.calico4j.client.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.calico4j.client.internal.MvccStore.Change;
import org.calico4j.client.spi.Versioned;

/**
 * {@code snapshot.json}: the store revision and every live value with its revision, each line
 * framed as a WAL line ({@code <crc32> <json>}) so that damage anywhere is detected, never read
 * as a different value: a header {@code {"format":2,"revision":N,"items":C}}, then C changes.
 * It is replaced whole (written aside, forced, renamed over), so it is never torn; a damaged one
 * is refused, not guessed at, and {@link #salvage} keeps its intact lines for a repair. Snapshots
 * of the first format (one JSON document, no checksums) are still read.
 */
final class SnapshotFile {
    static final String NAME = "snapshot.json";
    static final String TEMP_NAME = "snapshot.json.tmp";
    private static final int FORMAT = 2;

    /** A snapshot read back. */
    record Snapshot(long revision, List<Versioned> items) {
    }

    /** What a repair keeps of a damaged snapshot, and what it drops. */
    record Salvage(long revision, List<Versioned> items, List<FileDatastore.Dropped> dropped) {
    }

    private SnapshotFile() {
    }

    static void write(Path dir, long revision, List<Versioned> items) throws IOException {
        Path tmp = dir.resolve(TEMP_NAME);
        try (FileChannel ch = Fs.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            out.write(Records.crcLine("{\"format\":" + FORMAT + ",\"revision\":" + revision + ",\"items\":" + items.size() + "}"));
            for (Versioned v : items) {
                out.write(Records.crcLine(Records.toJson(v.revision(), v.key(), v.value())));
            }
            out.flush();
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
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            Lines lines = new Lines(in);
            if (!lines.next()) {
                throw damaged(file, 0, "it is empty");
            }
            if (lines.length() > 0 && lines.bytes()[0] == '{') {
                return readFirstFormat(file);
            }
            long revision;
            long count;
            try {
                JsonNode header = header(lines);
                revision = header.get("revision").asLong();
                count = header.get("items").asLong();
            } catch (CorruptDataException e) {
                throw damaged(file, 0, "header: " + e.getMessage());
            }
            List<Versioned> items = new ArrayList<>();
            while (lines.next()) {
                if (items.size() == count) {
                    throw damaged(file, lines.start(), "more than the " + count + " items its header announces");
                }
                try {
                    items.add(item(lines, revision));
                } catch (CorruptDataException e) {
                    throw damaged(file, lines.start(), "item " + (items.size() + 1) + " of " + count + ": " + e.getMessage());
                }
            }
            if (items.size() != count) {
                throw damaged(file, lines.start(), "it ends after " + items.size() + " of the " + count + " items its header announces");
            }
            return new Snapshot(revision, items);
        }
    }

    /** Every intact line of a (possibly damaged) snapshot; the revision falls back to the newest item's. */
    static Salvage salvage(Path file) throws IOException {
        long revision = -1;
        List<Versioned> items = new ArrayList<>();
        List<FileDatastore.Dropped> dropped = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            Lines lines = new Lines(in);
            boolean first = true;
            while (lines.next()) {
                if (first && lines.length() > 0 && lines.bytes()[0] == '{') {
                    return salvageFirstFormat(file);
                }
                try {
                    if (first) {
                        revision = header(lines).get("revision").asLong();
                    } else {
                        items.add(item(lines, Long.MAX_VALUE));
                    }
                } catch (CorruptDataException e) {
                    dropped.add(new FileDatastore.Dropped(file, lines.start(), lines.length(), e.getMessage()));
                }
                first = false;
            }
        }
        for (Versioned v : items) {
            revision = Math.max(revision, v.revision());
        }
        return new Salvage(Math.max(revision, 0), items, dropped);
    }

    /** The first format has no checksums: it is kept whole or dropped whole. */
    private static Salvage salvageFirstFormat(Path file) throws IOException {
        try {
            Snapshot s = readFirstFormat(file);
            return new Salvage(s.revision(), s.items(), List.of());
        } catch (CorruptDataException e) {
            return new Salvage(0, List.of(), List.of(new FileDatastore.Dropped(file, 0, Files.size(file), e.getMessage())));
        }
    }

    private static JsonNode header(Lines lines) throws CorruptDataException {
        JsonNode header = Records.checkedJson(lines.bytes(), lines.length());
        if (!header.path("format").canConvertToInt() || header.get("format").asInt() != FORMAT
                || !header.path("revision").canConvertToLong() || !header.path("items").canConvertToLong()) {
            throw new CorruptDataException("not a format " + FORMAT + " header: " + header).withValidChecksum();
        }
        return header;
    }

    private static Versioned item(Lines lines, long revision) throws CorruptDataException {
        Change c = Records.parseChangeLine(lines.bytes(), lines.length());
        if (c.value() == null) {
            throw new CorruptDataException(c.key() + " has no value").withValidChecksum();
        }
        if (c.revision() > revision) {
            throw new CorruptDataException(c.key() + " has revision " + c.revision() + ", after the snapshot's " + revision)
                    .withValidChecksum();
        }
        return new Versioned(c.key(), c.value(), c.revision());
    }

    private static CorruptDataException damaged(Path file, long offset, String why) {
        return new CorruptDataException(file + " is damaged at byte offset " + offset + ": " + why);
    }

    /** The first format: one JSON document {@code {"revision":N,"items":[...]}} without checksums. */
    private static Snapshot readFirstFormat(Path file) throws IOException, CorruptDataException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw damaged(file, 0, "not UTF-8");
        }
        JsonNode root;
        try {
            root = Records.parse(text);
        } catch (CorruptDataException e) {
            throw damaged(file, 0, e.getMessage());
        }
        if (!root.isObject() || !root.path("revision").canConvertToLong() || !root.path("items").isArray()) {
            throw damaged(file, 0, "a snapshot needs revision and items");
        }
        long revision = root.get("revision").asLong();
        List<Versioned> items = new ArrayList<>();
        for (JsonNode item : root.get("items")) {
            Change c;
            try {
                c = Records.read(item);
            } catch (CorruptDataException e) {
                throw damaged(file, 0, e.getMessage());
            }
            if (c.value() == null || c.revision() > revision) {
                throw damaged(file, 0, c.key() + " has no value or a revision after the snapshot's " + revision);
            }
            items.add(new Versioned(c.key(), c.value(), c.revision()));
        }
        return new Snapshot(revision, items);
    }
}
