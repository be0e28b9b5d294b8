package org.calico4j.client.file;

import static org.calico4j.client.file.TestPools.cidr;
import static org.calico4j.client.file.TestPools.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.Kind;

/**
 * The child JVM of {@link FileDatastoreCrashTest}. Modes: {@code write <dir> <seed>} creates,
 * updates and deletes pools until killed, printing {@code ACK <rev> PUT <name> <cidr>} or
 * {@code ACK <rev> DEL <name>} after each acknowledged write; {@code hold <dir>} opens the store
 * and waits to be killed; {@code probe <dir>} tries to open it and prints {@code REFUSED <message>};
 * {@code await <dir>} opens it waiting for the lock (printing {@code WAITING}, then {@code OPENED}).
 *
 * <pre>{@code
 * java -cp ... org.calico4j.client.file.CrashWriterMain write /tmp/store 42   # ACK 1 PUT pool-3 10.7.9.0/24 ...
 * java -cp ... org.calico4j.client.file.CrashWriterMain probe /tmp/store      # REFUSED retryable=false ...
 * }</pre>
 */
public final class CrashWriterMain {
    /** Small, so that kills also land in snapshots and WAL restarts. */
    static final int SNAPSHOT_EVERY = 50;
    static final int NAMES = 16;

    private CrashWriterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "write" -> write(dir, new Random(Long.parseLong(args[2])));
            case "hold" -> hold(dir);
            case "probe" -> probe(dir);
            case "await" -> await(dir);
            default -> throw new IllegalArgumentException("mode " + args[0]);
        }
    }

    private static void write(Path dir, Random rnd) {
        FileDatastore ds = FileDatastore.open(dir, 1000, SNAPSHOT_EVERY); // never closed: the parent kills us
        say("READY " + ds.revision());
        while (true) {
            String name = "pool-" + rnd.nextInt(NAMES);
            ResourceKey key = ResourceKey.of(Kind.IP_POOL, name);
            Optional<Versioned> current = ds.get(key);
            String cidr = cidr(rnd.nextInt(256), rnd.nextInt(256));
            if (current.isEmpty()) {
                long rev = ds.create(key, pool(name, cidr)).revision();
                say("ACK " + rev + " PUT " + name + " " + cidr);
            } else if (rnd.nextInt(4) == 0) {
                ds.delete(key, current.get().revision());
                say("ACK " + ds.revision() + " DEL " + name); // one writer: the store's revision is the delete's
            } else {
                long rev = ds.update(key, pool(name, cidr), current.get().revision()).revision();
                say("ACK " + rev + " PUT " + name + " " + cidr);
            }
        }
    }

    private static void hold(Path dir) throws InterruptedException {
        FileDatastore.open(dir);
        say("READY " + ProcessHandle.current().pid());
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void probe(Path dir) {
        try (FileDatastore ds = FileDatastore.open(dir, FileDatastore.Options.defaults().withLockTimeout(Duration.ZERO))) {
            say("OPENED " + ds.revision());
        } catch (DatastoreException e) {
            say("REFUSED retryable=" + e.retryable() + " " + e.getMessage());
        }
    }

    /** Opens with the default wait for the lock, saying when it starts waiting. */
    private static void await(Path dir) {
        try (FileDatastore ds = FileDatastore.open(dir, FileDatastore.Options.defaults().withOnLockWait(m -> say("WAITING " + m)))) {
            say("OPENED " + ds.revision());
        } catch (DatastoreException e) {
            say("REFUSED retryable=" + e.retryable() + " " + e.getMessage());
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
