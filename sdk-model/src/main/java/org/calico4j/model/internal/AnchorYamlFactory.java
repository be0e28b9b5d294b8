package org.calico4j.model.internal;

import java.io.CharArrayReader;
import java.io.IOException;
import java.io.Reader;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * A YAML factory whose parsers also tell a scalar's anchor ({@code &a value}): Jackson's parser
 * reports anchors of mappings and sequences only, and {@link YamlTrees} needs every anchor to
 * resolve aliases as Go's YAML decoder does.
 */
final class AnchorYamlFactory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    AnchorYamlFactory(YAMLFactoryBuilder builder) {
        super(builder);
    }

    @Override
    protected YAMLParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable) throws IOException {
        return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec,
                new CharArrayReader(data, offset, len));
    }

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
        return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }

    /** A parser that exposes the anchor of the scalar it is at. */
    static final class Parser extends YAMLParser {
        Parser(IOContext ctxt, int parserFeatures, int formatFeatures, LoaderOptions loaderOptions, ObjectCodec codec, Reader reader) {
            super(ctxt, parserFeatures, formatFeatures, loaderOptions, codec, reader);
        }

        /** The anchor of the scalar at the current token, or null. */
        String scalarAnchor() {
            return _lastEvent instanceof ScalarEvent s ? s.getAnchor() : null;
        }
    }
}
