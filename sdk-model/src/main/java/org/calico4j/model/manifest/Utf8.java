package org.calico4j.model.manifest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Strict UTF-8 decoding of manifests, with the place of the first invalid byte. */
final class Utf8 {
    private Utf8() {
    }

    static String decode(byte[] bytes, String source) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int offset = in.position();
            throw new ManifestException(List.of(new ManifestProblem(source, document(out), "", "",
                    List.of(String.format("invalid UTF-8 at byte offset %d (line %d): byte 0x%02x%s", offset,
                            line(out), bytes[offset] & 0xff, r.length() > 1 ? " starts " + r.length() + " bad bytes" : "")))));
        }
        out.flip();
        return out.toString();
    }

    /** 1-based line of the end of what decoded. */
    private static int line(CharBuffer decoded) {
        int line = 1;
        for (int i = 0; i < decoded.position(); i++) {
            if (decoded.get(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** 1-based document of the end of what decoded: lines starting with --- separate documents. */
    private static int document(CharBuffer decoded) {
        int doc = 1;
        boolean lineStart = true;
        for (int i = 0; i < decoded.position(); i++) {
            char c = decoded.get(i);
            if (lineStart && c == '-' && i + 2 < decoded.position() && decoded.get(i + 1) == '-' && decoded.get(i + 2) == '-') {
                doc++;
            }
            lineStart = c == '\n';
        }
        return doc;
    }
}
