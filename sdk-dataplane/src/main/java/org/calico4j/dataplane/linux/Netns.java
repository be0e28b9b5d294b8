package org.calico4j.dataplane.linux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Linux network namespace, made and removed through {@code ip netns}, and commands run inside it.
 * Names are checked before they reach a command.
 *
 * <pre>{@code
 * try (Netns ns = Netns.create("c4j-n1")) {
 *     ns.ip("link", "set", "lo", "up");
 * }
 * }</pre>
 */
public final class Netns implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final String name;
    private final CommandRunner runner;

    private Netns(String name, CommandRunner runner) {
        this.name = name;
        this.runner = runner;
    }

    /**
     * Creates the namespace (its loopback up).
     *
     * @param name a valid namespace name ({@link #checkName})
     * @return the namespace; the creator closes it, which deletes it
     */
    public static Netns create(String name) {
        checkName(name);
        CommandRunner r = CommandRunner.system();
        r.run(List.of("ip", "netns", "add", name), TIMEOUT).requireSuccess();
        Netns ns = new Netns(name, r);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    /**
     * A namespace that exists already (made by someone else, who removes it); commands run through {@code runner}.
     *
     * @param name   the namespace's name
     * @param runner runs the commands
     * @return a handle on it ({@link #close()} deletes the namespace: leave that to its maker)
     */
    public static Netns of(String name, CommandRunner runner) {
        return new Netns(checkName(name), runner);
    }

    /**
     * Refuses a name that is not 1-31 lower-case letters, digits and '-'.
     *
     * @param name a namespace name
     * @return {@code name}
     * @throws IllegalArgumentException naming it and the rule
     */
    public static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid namespace or link name (lower-case letters, digits, '-')");
        }
        return name;
    }

    /**
     * {@return the namespace's name}
     */
    public String name() {
        return name;
    }

    /**
     * The argument list that runs {@code command} inside this namespace.
     *
     * @param command a command and its arguments
     * @return {@code ip netns exec <name>} followed by it
     */
    public List<String> wrap(List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(command);
        return all;
    }

    /**
     * Runs a command inside the namespace.
     *
     * @param command a command and its arguments
     * @param timeout how long it may run
     * @return its exit code and output
     */
    public CommandRunner.Result exec(List<String> command, Duration timeout) {
        return runner.run(wrap(command), timeout);
    }

    /**
     * {@code ip <args>} inside the namespace; fails loudly.
     *
     * @param args the arguments after {@code ip}
     * @return the result, which succeeded
     * @throws CommandRunner.CommandException when it fails
     */
    public CommandRunner.Result ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return runner.run(cmd, TIMEOUT).requireSuccess();
    }

    /**
     * A veth pair from this namespace ({@code local}) to {@code other} ({@code remote}), both up.
     *
     * @param local the local
     * @param other the other
     * @param remote the remote
     */
    public void veth(String local, Netns other, String remote) {
        checkName(local);
        checkName(remote);
        ip("link", "add", local, "type", "veth", "peer", "name", remote, "netns", other.name());
        ip("link", "set", local, "up");
        other.ip("link", "set", remote, "up");
    }

    @Override
    public void close() {
        runner.run(List.of("ip", "netns", "del", name), TIMEOUT);
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
