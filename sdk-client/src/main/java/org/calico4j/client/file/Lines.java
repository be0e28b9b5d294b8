package org.calico4j.client.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a stream line by line; a line is the bytes before a line end, or before the end of file. */
final class Lines {
    private final InputStream in;
    private byte[] line = new byte[1024];
    private int length;
    private long start;
    private long next;
    private boolean ended;

    Lines(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    boolean next() throws IOException {
        start = next;
        length = 0;
        ended = false;
        for (int b = in.read(); b >= 0; b = in.read()) {
            next++;
            if (b == '\n') {
                ended = true;
                return true;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, length * 2);
            }
            line[length++] = (byte) b;
        }
        return length > 0;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** Offset of the current line. */
    long start() {
        return start;
    }

    /** Whether the current line has its line end. */
    boolean ended() {
        return ended;
    }
}
