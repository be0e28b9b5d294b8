package org.calico4j.dataplane.linux;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where a dataplane's commands run: on the host, or inside a network namespace ({@code ip netns exec}),
 * through one {@link CommandRunner}.
 *
 * <pre>{@code
 * Exec e = Exec.in("c4j-n1");
 * e.run(List.of("iptables-save", "-t", "nat")).stdout();
 * }</pre>
 *
 * @param runner runs the commands
 * @param netns  the namespace, or null for the host's
 */
public record Exec(CommandRunner runner, @Nullable String netns) {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * Checks the components.
     *
     * @param runner runs the commands
     * @param netns the namespace, or null for the host's
     */
    public Exec {
        if (netns != null) {
            Netns.checkName(netns);
        }
    }

    /**
     * {@return commands on the host}
     */
    public static Exec host() {
        return new Exec(CommandRunner.system(), null);
    }

    /**
     * Commands in a network namespace.
     *
     * @param netns a valid namespace name
     * @return the executor
     */
    public static Exec in(String netns) {
        return new Exec(CommandRunner.system(), netns);
    }

    /**
     * The argument list that runs {@code command} here.
     *
     * @param command the program and its arguments
     * @return the argument list to run
     */
    public List<String> wrap(List<String> command) {
        return netns == null ? List.copyOf(command) : Netns.of(netns, runner).wrap(command);
    }

    /**
     * Runs {@code command} (not checking its exit code).
     *
     * @param command the program and its arguments
     * @return its exit code and output
     */
    public CommandRunner.Result run(List<String> command) {
        return runner.run(wrap(command), null, TIMEOUT);
    }

    /**
     * Runs {@code command} with {@code stdin} as its input (not checking its exit code).
     *
     * @param command the program and its arguments
     * @param stdin   its standard input
     * @return its exit code and output
     */
    public CommandRunner.Result run(List<String> command, String stdin) {
        return runner.run(wrap(command), stdin, TIMEOUT);
    }

    @Override
    public String toString() {
        return netns == null ? "host" : "netns " + netns;
    }
}
