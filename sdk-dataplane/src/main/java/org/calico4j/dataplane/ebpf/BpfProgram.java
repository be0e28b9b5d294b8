package org.calico4j.dataplane.ebpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The tc program calico4j ships: {@code src/main/bpf/calico4j_nat_out.c}, compiled with
 * {@code clang -target bpf} and carried in the jar as {@code org/calico4j/dataplane/ebpf/calico4j_nat_out.o},
 * so that loading it needs {@code bpftool}, {@code tc} and root, but no compiler. The object is committed and
 * a test compiles the source with {@link #compileCommand} and requires the same bytes.
 *
 * <pre>{@code
 * Path obj = BpfProgram.extract();   // a private temporary copy of the shipped object
 * }</pre>
 */
public final class BpfProgram {
    /** The resource holding the compiled object. */
    public static final String RESOURCE = "/org/calico4j/dataplane/ebpf/calico4j_nat_out.o";
    /** The program's name in the object (its pin name too). */
    public static final String NAME = "calico4j_from_wep";
    /** The routes map's name, as in Calico. */
    public static final String ROUTES_MAP = "cali_v4_routes";
    /** The map of the program's global flags (calico4j's own). */
    public static final String GLOBALS_MAP = "c4j_v4_globals";
    /** The IP-sets map's name, as in Calico. */
    public static final String IP_SETS_MAP = "cali_v4_ip_sets";

    private BpfProgram() {
    }

    /**
     * Copies the shipped object to a new file readable by the owner only; the caller deletes it.
     *
     * @return the new file
     * @throws IllegalStateException if the object is missing from the jar
     * @throws UncheckedIOException if it cannot be written
     */
    public static Path extract() {
        try (InputStream in = BpfProgram.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the compiled BPF program " + RESOURCE + " is missing from the calico4j-dataplane jar");
            }
            Path f = Files.createTempFile("calico4j-bpf", ".o", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + RESOURCE, e);
        }
    }

    /**
     * The clang command that builds {@code out} from {@code source}: {@code -O2 -g} (BTF for the map definitions),
     * the multiarch include directory for {@code asm/types.h}, and debug paths made relative so that the object
     * does not depend on where the checkout lies.
     *
     * @param source           the C source
     * @param out              the object file to write
     * @param multiarchInclude the directory holding {@code asm/types.h}, e.g. {@code /usr/include/x86_64-linux-gnu}
     * @return the command and its arguments
     */
    public static List<String> compileCommand(Path source, Path out, String multiarchInclude) {
        List<String> cmd = new ArrayList<>(List.of("clang", "-O2", "-g", "-target", "bpf", "-I" + multiarchInclude,
                "-fdebug-compilation-dir=.", "-fdebug-prefix-map=" + source.toAbsolutePath().getParent() + "=.", "-c",
                source.toAbsolutePath().toString(), "-o", out.toString()));
        return cmd;
    }
}
