package org.calico4j.model.manifest;

/**
 * How much a YAML document read by {@link YamlTree} may hold: its size in code points, the
 * longest line, the nesting depth, and how many nodes aliases may copy in all (the "billion
 * laughs" guard). The defaults take a document of up to 256 Mi code points; the system property
 * {@value #MAX_DOCUMENT_PROPERTY} changes that default.
 *
 * <pre>{@code
 * JsonNode tree = YamlTree.read(reader, "cluster.yaml", YamlLimits.defaults().withMaxDocumentCodePoints(1 << 30));
 * }</pre>
 *
 * @param maxDocumentCodePoints code points one document may hold
 * @param maxLineLength the longest line in characters; the YAML scanner's time grows with the
 *        square of one token's length, and a token spans lines only as a multi-line scalar
 * @param maxNestingDepth how deeply mappings and sequences may nest
 * @param maxAliasNodes nodes that aliases may copy into one document, in all
 */
public record YamlLimits(int maxDocumentCodePoints, int maxLineLength, int maxNestingDepth, int maxAliasNodes) {
    /** The system property that sets the default {@link #maxDocumentCodePoints()}. */
    public static final String MAX_DOCUMENT_PROPERTY = "calico4j.yaml.maxDocumentCodePoints";
    /** 256 Mi code points: a 5,000-node scenario is about 5 MB. */
    public static final int DEFAULT_MAX_DOCUMENT_CODE_POINTS = 256 * 1024 * 1024;
    /** 128 Ki characters; longer values fit as block scalars ({@code |}) or folded lines. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 128 * 1024;
    /** 256 levels of mappings and sequences. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 256;
    /** 100,000 nodes copied by aliases in one document. */
    public static final int DEFAULT_MAX_ALIAS_NODES = 100_000;

    /**
     * Checks the limits.
     *
     * @param maxDocumentCodePoints code points one document may hold, positive
     * @param maxLineLength the longest line in characters, positive
     * @param maxNestingDepth how deeply mappings and sequences may nest, positive
     * @param maxAliasNodes nodes that aliases may copy into one document, in all; 0 or more
     * @throws IllegalArgumentException if a limit is out of range, naming it
     */
    public YamlLimits {
        positive("maxDocumentCodePoints", maxDocumentCodePoints);
        positive("maxLineLength", maxLineLength);
        positive("maxNestingDepth", maxNestingDepth);
        if (maxAliasNodes < 0) {
            throw new IllegalArgumentException("maxAliasNodes: " + maxAliasNodes + " is negative");
        }
    }

    /**
     * The defaults, with {@link #maxDocumentCodePoints()} from the system property
     * {@value #MAX_DOCUMENT_PROPERTY} when it is set (a positive integer, else an
     * {@link IllegalArgumentException} naming the property and its value).
     *
     * @return the default limits
     */
    public static YamlLimits defaults() {
        String p = System.getProperty(MAX_DOCUMENT_PROPERTY);
        int max = DEFAULT_MAX_DOCUMENT_CODE_POINTS;
        if (p != null) {
            try {
                max = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max <= 0) {
                throw new IllegalArgumentException("system property " + MAX_DOCUMENT_PROPERTY + ": '" + p
                        + "' is not a positive number of code points (at most " + Integer.MAX_VALUE + ")");
            }
        }
        return new YamlLimits(max, DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_ALIAS_NODES);
    }

    /**
     * These limits with another document size.
     *
     * @param max code points one document may hold, positive
     * @return the new limits
     * @throws IllegalArgumentException if {@code max} is not positive
     */
    public YamlLimits withMaxDocumentCodePoints(int max) {
        return new YamlLimits(max, maxLineLength, maxNestingDepth, maxAliasNodes);
    }

    /**
     * These limits with another alias allowance.
     *
     * @param max nodes that aliases may copy into one document, 0 or more
     * @return the new limits
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public YamlLimits withMaxAliasNodes(int max) {
        return new YamlLimits(maxDocumentCodePoints, maxLineLength, maxNestingDepth, max);
    }

    private static void positive(String field, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(field + ": " + v + " is not positive");
        }
    }
}
