package org.calico4j.model.internal;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import org.calico4j.model.manifest.ManifestException;
import org.calico4j.model.manifest.ManifestProblem;
import org.calico4j.model.manifest.YamlLimits;

/**
 * One YAML document read from a stream into a tree without holding its text: the characters pass
 * through a line-length guard into the YAML parser's window, and the tree (with anchors, aliases and
 * merge keys resolved as Go's decoder does, alias copies counted) is the only copy kept.
 */
public final class YamlDocuments {
    private static final Map<YamlLimits, ObjectMapper> MAPPERS = new ConcurrentHashMap<>();

    private YamlDocuments() {
    }

    /** The parser setup for these limits (code points per document, nesting, strict duplicate keys). */
    static ObjectMapper mapper(YamlLimits limits) {
        return MAPPERS.computeIfAbsent(limits, l -> {
            LoaderOptions o = new LoaderOptions();
            o.setCodePointLimit(l.maxDocumentCodePoints());
            return new ObjectMapper(new AnchorYamlFactory(YAMLFactory.builder()
                    .loaderOptions(o)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(l.maxNestingDepth()).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)));
        });
    }

    /**
     * Reads the stream's only document ({@link MissingNode} when it holds none); throws
     * {@link ManifestException} naming {@code source} and the line for syntax errors, a line, a
     * document or aliases over the limits, or a second document. The reader is not closed.
     */
    public static JsonNode readOne(Reader in, String source, YamlLimits limits) {
        ObjectMapper mapper = mapper(limits);
        try (JsonParser p = mapper.getFactory().createParser(new LineLimitReader(in, limits.maxLineLength()))) {
            if (p.nextToken() == null) {
                return MissingNode.getInstance();
            }
            JsonNode tree = YamlTrees.read(mapper, p, limits.maxAliasNodes());
            if (p.nextToken() != null) {
                throw problem(source, "yaml: line " + p.currentLocation().getLineNr()
                        + ": a second document; this file holds one YAML document");
            }
            return tree;
        } catch (LineLimitReader.LongLine e) {
            throw problem(source, e.getMessage());
        } catch (StreamConstraintsException e) {
            throw problem(source, "yaml: " + ManifestReader.firstLine(e.getOriginalMessage()));
        } catch (JsonParseException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof LineLimitReader.LongLine l) {
                    throw problem(source, l.getMessage());
                }
            }
            String msg = e.getOriginalMessage();
            if (msg != null && msg.contains("exceeds the limit")) {
                throw problem(source, "yaml: the document is longer than the " + limits.maxDocumentCodePoints()
                        + " code points allowed (system property " + YamlLimits.MAX_DOCUMENT_PROPERTY + " raises the default)");
            }
            throw problem(source, ManifestReader.yamlMessage(e));
        } catch (IOException e) {
            throw problem(source, "yaml: " + ManifestReader.firstLine(e.getMessage()));
        }
    }

    private static ManifestException problem(String source, String message) {
        return new ManifestException(List.of(new ManifestProblem(source, 1, "", "", List.of(message))));
    }

    /** Passes characters through, failing on the first line longer than the limit, before the scanner sees all of it. */
    static final class LineLimitReader extends FilterReader {
        private final int maxLine;
        private int line = 1;
        private int column;

        LineLimitReader(Reader in, int maxLine) {
            super(in);
            this.maxLine = maxLine;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                count((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            for (int i = off; i < off + n; i++) {
                count(buf[i]);
            }
            return n;
        }

        private void count(char c) throws LongLine {
            if (c == '\n') {
                line++;
                column = 0;
            } else if (++column > maxLine) {
                throw new LongLine("yaml: line " + line + " is longer than the " + maxLine
                        + " characters calico4j reads in one YAML line; split a long value over lines (a block scalar, |)");
            }
        }

        @Override
        public void close() {
            // the caller owns the stream
        }

        static final class LongLine extends IOException {
            private static final long serialVersionUID = 1L;

            LongLine(String message) {
                super(message);
            }
        }
    }
}
