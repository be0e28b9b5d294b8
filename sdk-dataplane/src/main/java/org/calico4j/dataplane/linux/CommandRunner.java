package org.calico4j.dataplane.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a program with an argument list (never through a shell), with a timeout, capturing its output.
 * Every argument is checked: no NUL, no newline, no empty program. The argument list is logged at
 * debug level; callers pass {@code sensitive} for arguments that must not be (none carry passwords:
 * those go in files with mode 0600).
 *
 * <pre>{@code
 * CommandRunner.Result r = CommandRunner.system().run(List.of("ip", "netns", "add", "c4j-n1"), Duration.ofSeconds(5));
 * r.requireSuccess();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final Pattern SAFE = Pattern.compile("[^\\x00\\n\\r]*");
    private static final CommandRunner SYSTEM = new CommandRunner();

    private CommandRunner() {
    }

    /**
     * {@return the runner that starts processes on this machine}
     */
    public static CommandRunner system() {
        return SYSTEM;
    }

    /**
     * What a command did.
     *
     * @param command  the argument list
     * @param exitCode its exit code
     * @param stdout   standard output
     * @param stderr   standard error
     */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /**
         * {@return true when the command exited with 0}
         */
        public boolean ok() {
            return exitCode == 0;
        }

        /**
         * {@return this result, or a {@link CommandException} quoting the command, its exit code and its error output}
         */
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new CommandException(String.join(" ", command) + " exited with " + exitCode + ": "
                        + (stderr.isBlank() ? stdout : stderr).strip());
            }
            return this;
        }
    }

    /** A command that could not be run, timed out, or failed where success was required. */
    public static final class CommandException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * A command failure.
         *
         * @param message the command, its exit code and its error output
         */
        public CommandException(String message) {
            super(message);
        }

        /**
         * A command that could not be run.
         *
         * @param message the command and what went wrong
         * @param cause   the underlying failure
         */
        public CommandException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs {@code command} with no input, not checking its exit code.
     *
     * @param command the program and its arguments (no shell)
     * @param timeout how long it may run; it is killed after
     * @return its exit code and output
     * @throws CommandException when it cannot be started or times out
     */
    public Result run(List<String> command, Duration timeout) {
        return run(command, null, timeout);
    }

    /**
     * Runs {@code command} with {@code stdin} as its standard input (e.g. an {@code iptables-restore}
     * payload; never logged, it can be large).
     *
     * @param command the program and its arguments (no shell)
     * @param stdin   its standard input, or null for none
     * @param timeout how long it may run; it is killed after
     * @return its exit code and output
     * @throws CommandException when it cannot be started or times out
     */
    public Result run(List<String> command, @Nullable String stdin, Duration timeout) {
        if (command.isEmpty() || command.get(0).isEmpty()) {
            throw new IllegalArgumentException("no program to run");
        }
        for (String a : command) {
            if (!SAFE.matcher(a).matches()) {
                throw new IllegalArgumentException("argument with a NUL or line break refused: " + a.replace("\n", "\\n"));
            }
        }
        LOG.debug("running {}", command);
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new CommandException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (java.io.OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The program exited before reading all its input; its exit code and error output tell why.
            LOG.debug("{} did not read all its input: {}", command.get(0), e.getMessage());
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new CommandException(String.join(" ", command) + " did not finish within " + timeout.toMillis() + " ms");
            }
            return new Result(List.copyOf(command), p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted while running " + command.get(0), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandException("cannot read the output of " + command.get(0), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
