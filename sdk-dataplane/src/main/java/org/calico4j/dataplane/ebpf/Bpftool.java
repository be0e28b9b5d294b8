package org.calico4j.dataplane.ebpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.calico4j.dataplane.linux.CommandRunner;

/**
 * {@code bpftool} through the {@link CommandRunner}: maps created and pinned, entries written in one
 * {@code bpftool batch file} per change, contents and attributes read back as JSON ({@code -j}),
 * programs loaded against pinned maps. Every pin path is checked before it reaches a command or a batch
 * file (absolute, no whitespace or shell-significant characters).
 *
 * <pre>{@code
 * Bpftool bpf = Bpftool.system();
 * bpf.batch(List.of("map update pinned /run/calico4j/bpffs/n1/cali_v4_routes key hex ... value hex ..."));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Bpftool {
    private static final Pattern PIN = Pattern.compile("/[A-Za-z0-9_./-]+");
    private static final Pattern MAP_NAME = Pattern.compile("[A-Za-z0-9_]{1,15}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CommandRunner runner;
    private final String program;
    private final Duration timeout;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();

    private Bpftool(CommandRunner runner, String program, Duration timeout) {
        this.runner = runner;
        this.program = program;
        this.timeout = timeout;
    }

    /**
     * {@code bpftool} from the {@code PATH}, 60 s per command.
     *
     * @return the tool
     */
    public static Bpftool system() {
        return new Bpftool(CommandRunner.system(), "bpftool", Duration.ofSeconds(60));
    }

    /**
     * How many bpftool commands this instance has run (to show that an unchanged state costs none).
     *
     * @return the count since creation
     */
    public long commandsRun() {
        return runs.get();
    }

    /**
     * How many batch lines (map updates and deletes) this instance has sent (to show that a change writes only what differs).
     *
     * @return the count since creation
     */
    public long batchLinesRun() {
        return lines.get();
    }

    /**
     * Refuses a pin path a batch file or command could misread.
     *
     * @param pin the path
     * @return {@code pin}
     * @throws IllegalArgumentException unless it is absolute, of letters, digits, {@code _ . - /} only, with no {@code ..} part
     */
    public static Path checkPin(Path pin) {
        String s = pin.toString();
        if (!PIN.matcher(s).matches() || s.contains("/../") || s.endsWith("/..")) {
            throw new IllegalArgumentException("BPF pin path '" + s + "' refused: absolute, letters, digits, '_', '.', '-', '/' only");
        }
        return pin;
    }

    /** What {@code bpftool map show} says of a map. */
    public record MapInfo(String type, String name, int keySize, int valueSize, int maxEntries, int flags) {
    }

    /**
     * Creates and pins a map.
     *
     * @param pin        where to pin it
     * @param type       the {@code bpftool} map type, e.g. {@code lpm_trie}
     * @param keySize    bytes per key
     * @param valueSize  bytes per value
     * @param maxEntries the most entries it holds
     * @param name       its kernel name: 1-15 letters, digits, {@code _}
     * @param flags      the map flags ({@code BPF_F_*})
     * @throws IllegalArgumentException if {@code pin} or {@code name} is refused
     * @throws CommandRunner.CommandException if {@code bpftool} fails
     */
    public void createMap(Path pin, String type, int keySize, int valueSize, int maxEntries, String name, int flags) {
        checkPin(pin);
        if (!MAP_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("BPF map name '" + name + "' refused: 1-15 letters, digits, '_'");
        }
        run(List.of(program, "map", "create", pin.toString(), "type", type, "key", Integer.toString(keySize), "value",
                Integer.toString(valueSize), "entries", Integer.toString(maxEntries), "name", name, "flags", Integer.toString(flags)));
    }

    /**
     * What {@code bpftool -j map show pinned} says of the map pinned at {@code pin}.
     *
     * @param pin where the map is pinned
     * @return its type, name, sizes and flags
     * @throws IllegalArgumentException if {@code pin} is refused
     * @throws CommandRunner.CommandException if {@code bpftool} fails or prints no JSON
     */
    public MapInfo show(Path pin) {
        JsonNode n = json(List.of(program, "-j", "map", "show", "pinned", checkPin(pin).toString()));
        return new MapInfo(n.path("type").asText(), n.path("name").asText(), n.path("bytes_key").asInt(), n.path("bytes_value").asInt(),
                n.path("max_entries").asInt(), n.path("flags").asInt());
    }

    /**
     * Every entry of a pinned map as key bytes to value bytes ({@code bpftool -j map dump}).
     *
     * @param pin where the map is pinned
     * @return value bytes by key hex (space-separated, as {@link BpfMap#dump} gives them), in dump order
     * @throws IllegalArgumentException if {@code pin} is refused
     * @throws CommandRunner.CommandException if {@code bpftool} fails or prints no entries as byte arrays
     */
    public Map<String, byte[]> dumpHex(Path pin) {
        JsonNode n = json(List.of(program, "-j", "map", "dump", "pinned", checkPin(pin).toString()));
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (JsonNode e : n) {
            out.put(BpfMap.hex(bytes(e.path("key"), pin)), bytes(e.path("value"), pin));
        }
        return out;
    }

    private static byte[] bytes(JsonNode arr, Path pin) {
        if (!arr.isArray()) {
            throw new CommandRunner.CommandException("bpftool dump of " + pin + " has an entry without a byte array: " + arr);
        }
        byte[] b = new byte[arr.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(arr.get(i).asText().replace("0x", ""), 16);
        }
        return b;
    }

    /**
     * Runs {@code bpftool batch file} over {@code commands} (one bpftool process for all of them).
     *
     * @param commands the batch lines, e.g. {@code map update pinned ...}; none runs nothing
     * @throws IllegalArgumentException if a line holds a line break
     * @throws java.io.UncheckedIOException if the batch file cannot be written
     * @throws CommandRunner.CommandException if {@code bpftool} fails
     */
    public void batch(List<String> commands) {
        if (commands.isEmpty()) {
            return;
        }
        for (String c : commands) {
            if (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("bpftool batch line with a line break refused");
            }
        }
        Path f = null;
        try {
            f = Files.createTempFile("calico4j-bpftool", ".batch",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(f, commands);
            run(List.of(program, "batch", "file", f.toString()));
            lines.addAndGet(commands.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a bpftool batch file", e);
        } finally {
            if (f != null) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /**
     * Loads the first program of {@code object} as a tc classifier, pinned at {@code pin}, reusing the pinned maps
     * {@code maps} (map name in the object to its pin).
     *
     * @param object the compiled object file
     * @param pin    where to pin the program
     * @param maps   pins of the maps to reuse, by their name in the object
     * @throws IllegalArgumentException if a pin is refused
     * @throws CommandRunner.CommandException if {@code bpftool} fails
     */
    public void loadClassifier(Path object, Path pin, Map<String, Path> maps) {
        List<String> cmd = new ArrayList<>(List.of(program, "prog", "load", object.toString(), checkPin(pin).toString(), "type",
                "classifier"));
        maps.forEach((name, p) -> cmd.addAll(List.of("map", "name", name, "pinned", checkPin(p).toString())));
        run(cmd);
    }

    /**
     * {@code bpftool -j prog show pinned}: the program's name, id and map ids.
     *
     * @param pin where the program is pinned
     * @return the JSON {@code bpftool} prints
     * @throws CommandRunner.CommandException if {@code bpftool} fails or prints no JSON
     */
    public JsonNode showProgram(Path pin) {
        return json(List.of(program, "-j", "prog", "show", "pinned", checkPin(pin).toString()));
    }

    private JsonNode json(List<String> cmd) {
        String out = run(cmd).stdout();
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new CommandRunner.CommandException(String.join(" ", cmd) + " printed no JSON: " + out.strip(), e);
        }
    }

    private CommandRunner.Result run(List<String> cmd) {
        runs.incrementAndGet();
        return runner.run(cmd, timeout).requireSuccess();
    }
}
