package org.calico4j.dataplane.bgp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one BIRD 2 for a node, as confd and calico-node do: writes the configuration atomically (mode
 * 0600, since it may hold BGP passwords; never logged), has BIRD check it ({@code bird -p}), starts
 * BIRD or reconfigures it in place ({@code birdc configure}), reads protocol states and learned routes
 * from {@code birdc}, and stops it by its pid. Optionally inside a network namespace.
 *
 * <pre>{@code
 * try (BirdController bird = BirdController.in(dir).netns(ns).build()) {
 *     bird.apply(BirdConfig.render(intent));
 *     bird.protocols();   // [Mesh_10_0_0_12 BGP Established ...]
 * }
 * }</pre>
 *
 * <p>Thread-safe ({@link #apply} is serialised). Closing stops BIRD.
 */
public final class BirdController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BirdController.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path dir;
    private final @Nullable Netns netns;
    private final CommandRunner runner;
    private final String bird;
    private final String birdc;
    private boolean started;

    private BirdController(Builder b) {
        this.dir = b.dir;
        this.netns = b.netns;
        this.runner = b.runner;
        this.bird = b.bird;
        this.birdc = b.birdc;
    }

    /**
     * A controller keeping its configuration, socket and pid file in {@code dir} (created, mode 0700).
     *
     * @param dir the controller's directory
     * @return a builder
     */
    public static Builder in(Path dir) {
        return new Builder(dir);
    }

    /**
     * {@return the bird.conf this controller writes}
     */
    public Path configFile() {
        return dir.resolve("bird.conf");
    }

    /**
     * {@return the control socket birdc talks to}
     */
    public Path socket() {
        return dir.resolve("bird.ctl");
    }

    private Path pidFile() {
        return dir.resolve("bird.pid");
    }

    private CommandRunner.Result run(List<String> cmd) {
        return runner.run(netns == null ? cmd : netns.wrap(cmd), TIMEOUT);
    }

    /**
     * Checks {@code config} with BIRD, writes it, and starts BIRD or makes it reload. Nothing changes if BIRD refuses it.
     *
     * @param config the config
     */
    public synchronized void apply(String config) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "bird", ".conf.tmp");
            try {
                Files.setPosixFilePermissions(tmp, OWNER_ONLY);
                Files.writeString(tmp, config, StandardCharsets.UTF_8);
                CommandRunner.Result check = run(List.of(bird, "-p", "-c", tmp.toString()));
                if (!check.ok()) {
                    throw new CommandRunner.CommandException("BIRD refused the configuration: " + (check.stderr() + check.stdout()).strip()
                            .replace(tmp.toString(), configFile().toString()));
                }
                try {
                    Files.move(tmp, configFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, configFile(), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CommandRunner.CommandException("cannot write " + configFile() + ": " + e.getMessage(), e);
        }
        if (!running()) {
            run(List.of(bird, "-c", configFile().toString(), "-s", socket().toString(), "-P", pidFile().toString())).requireSuccess();
            started = true;
            LOG.info("BIRD started for {} (pid {})", dir, pid().orElse(-1L));
        } else {
            CommandRunner.Result r = run(List.of(birdc, "-s", socket().toString(), "configure")).requireSuccess();
            if (!r.stdout().contains("Reconfigur")) {
                throw new CommandRunner.CommandException("birdc configure did not reconfigure: " + r.stdout().strip());
            }
        }
    }

    /**
     * {@return the BIRD process's pid, or empty when it is not running}
     */
    public Optional<Long> pid() {
        try {
            return Files.exists(pidFile()) ? Optional.of(Long.parseLong(Files.readString(pidFile()).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * {@return true while this BIRD's process is alive}
     */
    public boolean running() {
        return pid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * One protocol of {@code birdc show protocols}.
     *
     * @param name  e.g. {@code Mesh_10_0_0_12}
     * @param proto BGP, Kernel, Static, Device, Direct
     * @param state up, down, start
     * @param info  for BGP: Established, Active, Connect ...
     */
    public record Protocol(String name, String proto, String state, String info) {
        /**
         * {@return true for a BGP session in state Established}
         */
        public boolean established() {
            return proto.equals("BGP") && info.startsWith("Established");
        }
    }

    /**
     * BIRD's protocols as {@code birdc show protocols} lists them.
     *
     * @return the protocols
     * @throws org.calico4j.dataplane.linux.CommandRunner.CommandException when birdc fails
     */
    public List<Protocol> protocols() {
        String out = run(List.of(birdc, "-s", socket().toString(), "show", "protocols")).requireSuccess().stdout();
        List<Protocol> ps = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || line.startsWith("BIRD") || f[0].equals("Name")) {
                continue;
            }
            // Name Proto Table State Since(1-2 tokens) Info...
            int info = 5;
            while (info < f.length && f[info].matches("[0-9:.\\-]+")) {
                info++;
            }
            ps.add(new Protocol(f[0], f[1], f[3], info < f.length ? String.join(" ", List.of(f).subList(info, f.length)) : ""));
        }
        return ps;
    }

    /**
     * A route in BIRD's table.
     *
     * @param prefix   the destination
     * @param protocol the protocol it came from
     * @param via      the next hop, or null (blackhole, device route)
     * @param primary  BIRD's preferred route for the prefix
     */
    public record Route(Cidr prefix, String protocol, @Nullable IpAddress via, boolean primary) {
    }

    /**
     * {@code birdc show route} for both tables, parsed.
     *
     * @return the {@code routes} values, empty when not set
     */
    public List<Route> routes() {
        String out = run(List.of(birdc, "-s", socket().toString(), "show", "route")).requireSuccess().stdout();
        List<Route> routes = new ArrayList<>();
        Cidr prefix = null;
        String proto = null;
        boolean primary = false;
        IpAddress via = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("BIRD") || line.startsWith("Table") || line.isBlank()) {
                continue;
            }
            String t = line.trim();
            if (t.startsWith("via ")) {
                via = IpAddress.tryParse(t.split("\\s+")[1]).orElse(null);
                continue;
            }
            if (prefix != null && proto != null) {
                routes.add(new Route(prefix, proto, via, primary));
                proto = null;
            }
            String[] f = t.split("\\s+");
            int i = 0;
            Optional<Cidr> c = Cidr.tryParse(f[0]);
            if (c.isPresent() && !Character.isWhitespace(line.charAt(0))) {
                prefix = c.get();
                i = 1;
            }
            int open = t.indexOf('[');
            if (open >= 0 && i < f.length) {
                proto = t.substring(open + 1).split("[\\s\\]]")[0];
                primary = t.contains("] *") || t.contains("* (");
                via = null;
            }
        }
        if (prefix != null && proto != null) {
            routes.add(new Route(prefix, proto, via, primary));
        }
        return routes;
    }

    /** Stops BIRD (SIGTERM, then SIGKILL after 5 s). */
    public synchronized void stop() {
        Optional<ProcessHandle> p = pid().flatMap(ProcessHandle::of);
        if (p.isPresent() && p.get().isAlive()) {
            p.get().destroy();
            try {
                p.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.get().destroyForcibly();
            }
        }
        started = false;
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "BirdController[" + dir + (netns == null ? "" : " in " + netns) + (started ? ", running" : "") + "]";
    }

    /** Configures a {@link BirdController}. */
    public static final class Builder {
        private final Path dir;
        private @Nullable Netns netns;
        private CommandRunner runner = CommandRunner.system();
        private String bird = "/usr/sbin/bird";
        private String birdc = "/usr/sbin/birdc";

        private Builder(Path dir) {
            this.dir = dir;
        }

        /**
         * Run BIRD inside this namespace.
         *
         * @param ns the namespace
         * @return this builder
         */
        public Builder netns(Netns ns) {
            this.netns = ns;
            return this;
        }

        /**
         * Use these BIRD binaries instead of {@code /usr/sbin/bird} and {@code /usr/sbin/birdc}.
         *
         * @param birdPath  the bird daemon
         * @param birdcPath the birdc client
         * @return this builder
         */
        public Builder binaries(String birdPath, String birdcPath) {
            this.bird = birdPath;
            this.birdc = birdcPath;
            return this;
        }

        /**
         * The runner for every command (default: the system's).
         *
         * @param r the runner
         * @return this builder
         */
        public Builder runner(CommandRunner r) {
            this.runner = r;
            return this;
        }

        /**
         * {@return the controller (BIRD is started by the first {@code apply})}
         */
        public BirdController build() {
            try {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException e) {
                throw new CommandRunner.CommandException("cannot prepare " + dir + ": " + e.getMessage(), e);
            }
            return new BirdController(this);
        }
    }
}
