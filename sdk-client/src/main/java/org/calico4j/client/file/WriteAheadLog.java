package org.calico4j.client.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import java.util.List;

import org.calico4j.client.internal.MvccStore.Change;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code wal.log}: one line per change, appended and forced to disk before the change becomes
 * visible. Not thread-safe: the datastore appends only under its store's write lock.
 */
final class WriteAheadLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);

    /** Receives the records recovery reads, in file order. */
    @FunctionalInterface
    interface Reader {
        void record(List<Change> changes);
    }

    private final Path file;
    private final FileChannel channel;
    private long size;
    private int records;
    private boolean broken;

    private WriteAheadLog(Path file, FileChannel channel, long size, int records) {
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.records = records;
    }

    /**
     * Opens {@code file} (creating it if absent) and hands every record to {@code reader}.
     *
     * <p>Only a torn tail is cut: an incomplete last record, which a crash tore while writing it
     * and so was never acknowledged. Any other damage (a record that fails its CRC, does not parse
     * although its CRC holds, or has records after it) stops the open with a
     * {@link CorruptDataException} naming the file, offset and record counts, and the file is left
     * as it was; {@link FileDatastore#repair} keeps the intact records.
     */
    static WriteAheadLog open(Path file, Reader reader) throws IOException, CorruptDataException {
        FileChannel ch = Fs.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            Lines lines = new Lines(Channels.newInputStream(ch));
            int count = 0;
            while (lines.next()) {
                if (!lines.ended()) {
                    tornTail(file, ch, lines, count);
                    break;
                }
                try {
                    reader.record(Records.parseWalLine(lines.bytes(), lines.length()));
                } catch (CorruptDataException e) {
                    throw damaged(file, lines, count, e);
                }
                count++;
            }
            return new WriteAheadLog(file, ch, lines.start(), count);
        } catch (IOException | CorruptDataException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Replaces {@code file} with an empty log (the caller makes its directory entry durable). */
    static WriteAheadLog createEmpty(Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            return open(file, c -> {
                throw new IllegalStateException(file + " was just deleted, yet holds records");
            });
        } catch (CorruptDataException e) {
            throw new IllegalStateException(file + " was just deleted, yet is damaged", e);
        }
    }

    /*
     * The last line has no line end. If it holds a whole record followed by one stray byte, that
     * byte is a damaged line end of an acknowledged record: refuse. Otherwise it is what a crash
     * leaves of a write that was never acknowledged: cut it.
     */
    private static void tornTail(Path file, FileChannel ch, Lines lines, int count) throws IOException, CorruptDataException {
        boolean whole;
        try {
            Records.checkedJson(lines.bytes(), lines.length() - 1);
            whole = true;
        } catch (CorruptDataException e) {
            whole = e.checksumValid();
        }
        if (whole) {
            throw damaged(file, lines, count, new CorruptDataException("a whole record whose line end is damaged"));
        }
        LOG.warn("{}: dropping {} bytes from offset {} after {} intact records: the last record is incomplete"
                + " (a write torn by a crash, never acknowledged)", file, lines.length(), lines.start(), count);
        ch.truncate(lines.start());
        ch.force(true);
    }

    private static CorruptDataException damaged(Path file, Lines lines, int intactBefore, CorruptDataException why)
            throws IOException {
        long offset = lines.start();
        int after = 0;
        int intactAfter = 0;
        while (lines.next()) {
            after++;
            try {
                Records.parseWalLine(lines.bytes(), lines.length());
                intactAfter++;
            } catch (CorruptDataException e) {
                // counted, not read: the message says how many records a repair would keep
            }
        }
        return new CorruptDataException(file + " is damaged at byte offset " + offset + ", record " + (intactBefore + 1)
                + " (" + intactBefore + " intact records before it, " + after + " records after it, " + intactAfter
                + " of them intact): " + why.getMessage(), why);
    }

    /** Appends the change and forces it to disk; on failure the log is cut back to before it. */
    void append(List<Change> changes) throws IOException {
        if (broken) {
            throw new IOException(file + " could not be cut back after a failed write; reopen the datastore");
        }
        ByteBuffer buf = ByteBuffer.wrap(Records.walLine(changes));
        long pos = size;
        try {
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
            channel.force(false);
        } catch (IOException e) {
            rollBack(e);
            throw e;
        }
        size = pos;
        records++;
    }

    /*
     * A half-written record left in place would glue itself to the next one, and recovery would
     * then drop that next, acknowledged, record. After a failed force the page cache can no
     * longer be trusted either, so the record is removed and the removal forced.
     */
    private void rollBack(IOException cause) {
        try {
            channel.truncate(size);
            channel.force(true);
        } catch (IOException e) {
            broken = true;
            cause.addSuppressed(e);
        }
    }

    /** Whether a failed write left the log unusable until the datastore is reopened. */
    boolean broken() {
        return broken;
    }

    /** Records in the file, including ones older than the snapshot. */
    int records() {
        return records;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
