package org.calico4j.model.manifest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Strict UTF-8 decoding of manifests, with the place of the first invalid byte. The bytes are
 * checked through a small window first and then decoded once, so a big manifest costs its bytes and
 * its string, not a third copy in between.
 */
final class Utf8 {
    private Utf8() {
    }

    static String decode(byte[] bytes, String source) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer window = CharBuffer.allocate(8192);
        CoderResult r;
        do {
            window.clear();
            r = d.decode(in, window, true);
        } while (r.isOverflow());
        if (!r.isError()) {
            window.clear();
            r = d.flush(window);
        }
        if (r.isError()) {
            int offset = in.position();
            throw new ManifestException(List.of(new ManifestProblem(source, document(bytes, offset), "", "",
                    List.of(String.format("invalid UTF-8 at byte offset %d (line %d): byte 0x%02x%s", offset,
                            line(bytes, offset), bytes[offset] & 0xff, r.length() > 1 ? " starts " + r.length() + " bad bytes" : "")))));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** 1-based line of the byte at {@code end} (a newline is one byte in UTF-8). */
    private static int line(byte[] bytes, int end) {
        int line = 1;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** 1-based document of the byte at {@code end}: lines starting with --- separate documents. */
    private static int document(byte[] bytes, int end) {
        int doc = 1;
        boolean lineStart = true;
        for (int i = 0; i < end; i++) {
            byte c = bytes[i];
            if (lineStart && c == '-' && i + 2 < end && bytes[i + 1] == '-' && bytes[i + 2] == '-') {
                doc++;
            }
            lineStart = c == '\n';
        }
        return doc;
    }
}
