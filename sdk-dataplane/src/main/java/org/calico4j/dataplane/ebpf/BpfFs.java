package org.calico4j.dataplane.ebpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.calico4j.dataplane.linux.CommandRunner;

/**
 * The calico4j-owned BPF filesystem that maps and programs are pinned under: {@code /run/calico4j/bpffs}
 * by default, one directory per node. Kept outside {@code /sys} on purpose: {@code ip netns exec} and
 * {@code tc -n} remount {@code /sys} in the namespace they enter, which would hide {@code /sys/fs/bpf},
 * while {@code /run} stays visible, so the pinned program can be attached from inside a node's namespace.
 *
 * <pre>{@code
 * Path dir = BpfFs.ensureMounted(BpfFs.DEFAULT_ROOT).resolve("n1");
 * }</pre>
 */
public final class BpfFs {
    /** Where calico4j mounts its own bpffs when the caller names no other place. */
    public static final Path DEFAULT_ROOT = Path.of("/run/calico4j/bpffs");

    private BpfFs() {
    }

    /**
     * Mounts a bpffs at {@code root} unless one is there already; returns {@code root}.
     *
     * @param root the mount point, created when missing
     * @return {@code root}
     * @throws IllegalArgumentException if {@code root} is not an acceptable pin path ({@link Bpftool#checkPin})
     * @throws UncheckedIOException if the directory cannot be created
     * @throws CommandRunner.CommandException if {@code mount} fails
     * @throws IllegalStateException if the mount leaves no BPF filesystem there
     */
    public static Path ensureMounted(Path root) {
        Bpftool.checkPin(root);
        try {
            Files.createDirectories(root);
            if (isBpfFs(root)) {
                return root;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the BPF filesystem directory " + root, e);
        }
        CommandRunner.system().run(List.of("mount", "-t", "bpf", "calico4j-bpffs", root.toString()), Duration.ofSeconds(10))
                .requireSuccess();
        if (!isBpfFs(root)) {
            throw new IllegalStateException(root + " is not a BPF filesystem after mounting one there");
        }
        return root;
    }

    /**
     * True when {@code dir} lies on a BPF filesystem.
     *
     * @param dir a directory
     * @return true when it is on a BPF filesystem; false also when it cannot be read
     */
    public static boolean isBpfFs(Path dir) {
        try {
            return "bpf".equals(Files.getFileStore(dir).type());
        } catch (IOException e) {
            return false;
        }
    }
}
