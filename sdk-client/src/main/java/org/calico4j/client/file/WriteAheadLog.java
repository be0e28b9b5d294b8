package org.calico4j.client.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.calico4j.client.internal.MvccStore.Change;
import org.jspecify.annotations.Nullable;
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
        void record(Change change);
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
     * Opens {@code file} (creating it if absent) and hands every intact record to {@code reader}.
     * Recovery stops at the first record that is incomplete, fails its CRC or does not parse:
     * that is where a crash tore a write, so the log is cut back there and appending resumes.
     */
    static WriteAheadLog open(Path file, Reader reader) throws IOException {
        FileChannel ch = Fs.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long end = ch.size();
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
            byte[] line = new byte[1024];
            int length = 0;
            long good = 0;
            long read = 0;
            int count = 0;
            @Nullable String problem = null;
            for (int b = in.read(); b >= 0; b = in.read()) {
                read++;
                if (b != '\n') {
                    if (length == line.length) {
                        line = Arrays.copyOf(line, length * 2);
                    }
                    line[length++] = (byte) b;
                    continue;
                }
                try {
                    reader.record(Records.parseWalLine(line, length));
                } catch (CorruptDataException e) {
                    problem = e.getMessage();
                    break;
                }
                count++;
                good = read;
                length = 0;
            }
            if (problem == null && length > 0) {
                problem = "the last record has no line end";
            }
            if (problem != null) {
                LOG.warn("{}: dropping {} bytes from offset {} after {} intact records: {} (a write torn by a crash,"
                        + " never acknowledged)", file, end - good, good, count, problem);
                ch.truncate(good);
                ch.force(true);
            }
            return new WriteAheadLog(file, ch, good, count);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Appends the change and forces it to disk; on failure the log is cut back to before it. */
    void append(Change change) throws IOException {
        if (broken) {
            throw new IOException(file + " could not be cut back after a failed write; reopen the datastore");
        }
        ByteBuffer buf = ByteBuffer.wrap(Records.walLine(change));
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
