package org.calico4j.client.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link CrashWriterMain} in its own JVM, whose stdout lines are collected as they come. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::readLines, "child-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(Path stderr, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), CrashWriterMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        return new ChildJvm(p, stderr);
    }

    long pid() {
        return process.pid();
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the pipe broke with the process; what was read is kept
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** Waits for the first line starting with {@code prefix}; fails with the child's stderr if it does not come. */
    synchronized String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String l : lines) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError("child " + pid() + " printed no '" + prefix + "' line in " + timeout
                        + (ended ? " (it exited)" : "") + "; stdout " + lines + ", stderr: " + stderr());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, then every line the child printed before it died. */
    List<String> kill() throws InterruptedException {
        // Through the handle: Process.destroyForcibly() also closes our end of the child's stdout,
        // dropping ACK lines still in the pipe, which would look like acknowledged writes lost.
        process.toHandle().destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("child " + pid() + " survived SIGKILL for 20 s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(20));
        synchronized (this) {
            return List.copyOf(lines);
        }
    }

    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Kills the child if it still runs: a failed test must not leave JVMs behind. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
