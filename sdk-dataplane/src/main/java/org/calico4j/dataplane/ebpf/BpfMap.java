package org.calico4j.dataplane.ebpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pinned BPF map kept equal to a desired set of entries (key bytes to value bytes), written through
 * {@link Bpftool}: {@link #apply} sends only the entries that differ from what it last programmed (nothing
 * at all when none do), {@link #resync} reads the kernel's contents first and repairs any drift, {@link #remove}
 * unpins it.
 *
 * <pre>{@code
 * BpfMap routes = BpfMap.lpmTrie(bpftool, dir.resolve("cali_v4_routes"), "cali_v4_routes", 8, 8, 262144);
 * routes.open();
 * routes.apply(desired);
 * }</pre>
 *
 * <p>Not thread-safe: its owner serialises calls.
 */
public final class BpfMap {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    /** {@code BPF_F_NO_PREALLOC}, required by LPM tries. */
    public static final int NO_PREALLOC = 1;

    private final Bpftool bpftool;
    private final Path pin;
    private final String name;
    private final String type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int flags;
    /** What this map holds as far as we know: key hex to value hex. */
    private final Map<String, String> programmed = new LinkedHashMap<>();

    /**
     * A map not yet created or read; {@link #open} does that.
     *
     * @param bpftool    runs the {@code bpftool} commands
     * @param pin        where the map is pinned on a BPF filesystem
     * @param name       the map's kernel name
     * @param type       the {@code bpftool} map type, e.g. {@code lpm_trie}
     * @param keySize    bytes per key
     * @param valueSize  bytes per value
     * @param maxEntries the most entries the map holds
     * @param flags      the map flags ({@code BPF_F_*})
     * @throws IllegalArgumentException if {@code pin} is not an acceptable pin path
     */
    public BpfMap(Bpftool bpftool, Path pin, String name, String type, int keySize, int valueSize, int maxEntries, int flags) {
        this.bpftool = bpftool;
        this.pin = Bpftool.checkPin(pin);
        this.name = name;
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.flags = flags;
    }

    /**
     * An LPM-trie map, created without preallocation as the kernel requires.
     *
     * @param bpftool    runs the {@code bpftool} commands
     * @param pin        where the map is pinned
     * @param name       the map's kernel name
     * @param keySize    bytes per key (prefix length word included)
     * @param valueSize  bytes per value
     * @param maxEntries the most entries the map holds
     * @return the map, not yet opened
     * @throws IllegalArgumentException if {@code pin} is not an acceptable pin path
     */
    public static BpfMap lpmTrie(Bpftool bpftool, Path pin, String name, int keySize, int valueSize, int maxEntries) {
        return new BpfMap(bpftool, pin, name, "lpm_trie", keySize, valueSize, maxEntries, NO_PREALLOC);
    }

    /** {@return where the map is pinned} */
    public Path pin() {
        return pin;
    }

    /** {@return the map's kernel name} */
    public String name() {
        return name;
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /**
     * Creates the map unless it is already pinned; a pinned map of another shape (type, key or value size) is
     * refused with what differs. Reads its contents so that the next {@link #apply} starts from the kernel's view.
     *
     * @throws IllegalStateException if a map of another shape is pinned there
     * @throws org.calico4j.dataplane.linux.CommandRunner.CommandException if {@code bpftool} fails
     */
    public void open() {
        if (!Files.exists(pin)) {
            bpftool.createMap(pin, type, keySize, valueSize, maxEntries, name, flags);
            programmed.clear();
            return;
        }
        Bpftool.MapInfo info = bpftool.show(pin);
        if (!info.type().equals(type) || info.keySize() != keySize || info.valueSize() != valueSize) {
            throw new IllegalStateException("BPF map pinned at " + pin + " is " + info.type() + " key " + info.keySize() + " value "
                    + info.valueSize() + ", expected " + type + " key " + keySize + " value " + valueSize + "; remove it to let calico4j recreate it");
        }
        programmed.clear();
        bpftool.dumpHex(pin).forEach((k, v) -> programmed.put(k, hex(v)));
    }

    /**
     * Brings the map to {@code desired} (key hex to value hex) from what it last programmed; returns the entries written or deleted.
     *
     * @param desired the wanted contents, key hex to value hex (as {@link #dump} gives them)
     * @return how many entries were written or deleted
     * @throws IllegalArgumentException if a key or value has the wrong size
     * @throws org.calico4j.dataplane.linux.CommandRunner.CommandException if {@code bpftool} fails
     */
    public int apply(Map<String, String> desired) {
        List<String> cmds = new ArrayList<>();
        Map<String, String> next = new LinkedHashMap<>(desired);
        for (String k : programmed.keySet()) {
            if (!desired.containsKey(k)) {
                cmds.add("map delete pinned " + pin + " key hex " + k);
            }
        }
        desired.forEach((k, v) -> {
            if (!Objects.equals(programmed.get(k), v)) {
                check(k, keySize, "key");
                check(v, valueSize, "value");
                cmds.add("map update pinned " + pin + " key hex " + k + " value hex " + v);
            }
        });
        bpftool.batch(cmds);
        programmed.clear();
        programmed.putAll(next);
        return cmds.size();
    }

    /**
     * Reads the kernel's contents, then writes only what differs from {@code desired} (drift repair); returns the repairs.
     *
     * @param desired the wanted contents, key hex to value hex
     * @return how many entries were written or deleted
     * @throws org.calico4j.dataplane.linux.CommandRunner.CommandException if {@code bpftool} fails
     */
    public int resync(Map<String, String> desired) {
        programmed.clear();
        bpftool.dumpHex(pin).forEach((k, v) -> programmed.put(k, hex(v)));
        return apply(desired);
    }

    /**
     * The kernel's contents now, key hex to value hex.
     *
     * @return the entries, key hex to value hex, in the order {@code bpftool} lists them
     */
    public Map<String, String> dump() {
        Map<String, String> out = new LinkedHashMap<>();
        bpftool.dumpHex(pin).forEach((k, v) -> out.put(k, hex(v)));
        return out;
    }

    /**
     * What this map was last programmed with.
     *
     * @return an unmodifiable view, key hex to value hex
     */
    public Map<String, String> programmed() {
        return java.util.Collections.unmodifiableMap(programmed);
    }

    /** Unpins the map (the kernel frees it once no program holds it). */
    public void remove() {
        try {
            Files.deleteIfExists(pin);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpin BPF map " + pin, e);
        }
        programmed.clear();
    }

    private void check(String hex, int size, String what) {
        if (hex.length() != 3 * size - 1) {
            throw new IllegalArgumentException("BPF map " + name + " " + what + " '" + hex + "' is not " + size + " bytes");
        }
    }
}
