package org.calico4j.client.file;

import java.net.URI;
import java.nio.file.Path;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreProvider;
import org.calico4j.model.GoDuration;

/**
 * The {@code file} scheme: {@code file:/abs/dir} (or {@code file:///abs/dir}) and
 * {@code file:relative/dir}, resolved against the working directory, open a {@link FileDatastore};
 * {@code ?lockTimeout=10s} says how long to wait for another process's lock (Go duration).
 *
 * <pre>{@code
 * Datastore ds = new FileDatastoreProvider().open(URI.create("file:/var/lib/calico4j"));
 * Datastore here = new FileDatastoreProvider().open(URI.create("file:state"));
 * }</pre>
 *
 * <p>Stateless and thread-safe; found by {@link java.util.ServiceLoader}. The caller closes
 * the datastores it opens.
 */
public final class FileDatastoreProvider implements DatastoreProvider {
    /** Called by {@link java.util.ServiceLoader}, or directly as in the example above. */
    public FileDatastoreProvider() {
    }

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public Datastore open(URI uri) {
        return FileDatastore.open(directory(uri), options(uri));
    }

    /** {@code ?lockTimeout=<Go duration>} (e.g. {@code 0s}: fail at once), else the defaults. */
    static FileDatastore.Options options(URI uri) {
        FileDatastore.Options o = FileDatastore.Options.defaults();
        String q = uri.isOpaque() ? null : uri.getRawQuery();
        if (q == null) {
            String ssp = uri.getRawSchemeSpecificPart();
            q = uri.isOpaque() && ssp.contains("?") ? ssp.substring(ssp.indexOf('?') + 1) : null;
        }
        if (q == null) {
            return o;
        }
        for (String kv : q.split("&")) {
            if (!kv.startsWith("lockTimeout=")) {
                throw bad(uri, "unknown parameter '" + kv.replaceFirst("=.*", "") + "' (known: lockTimeout)");
            }
            try {
                o = o.withLockTimeout(GoDuration.parse(kv.substring("lockTimeout=".length())).toDuration());
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw bad(uri, "bad lockTimeout: " + e.getMessage());
            }
        }
        return o;
    }

    /**
     * The directory a {@code file:} URI names; anything else about the URI is refused, not ignored.
     *
     * @param uri a {@code file:} URI
     * @return the directory
     * @throws org.calico4j.client.DatastoreException naming the URI and what is wrong with it
     */
    public static Path directory(URI uri) {
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw bad(uri, "the scheme is not file");
        }
        if (uri.getRawFragment() != null) {
            throw bad(uri, "a file datastore URI takes no fragment");
        }
        if (uri.getRawQuery() != null || (uri.isOpaque() && uri.getRawSchemeSpecificPart().contains("?"))) {
            options(uri); // only known parameters
            String s = uri.toString();
            uri = URI.create(s.substring(0, s.indexOf('?')));
        }
        try {
            if (uri.isOpaque()) {
                return relative(uri, uri.getSchemeSpecificPart());
            }
            String host = uri.getAuthority();
            if (host == null || host.isEmpty()) {
                return Path.of(uri); // the platform's own rules, e.g. file:/C:/dir on Windows
            }
            if (!host.equalsIgnoreCase("localhost")) {
                throw bad(uri, "it names host '" + host + "', but a file datastore is local");
            }
            return Path.of(uri.getPath());
        } catch (IllegalArgumentException e) { // InvalidPathException is one
            throw bad(uri, e.getMessage());
        }
    }

    private static Path relative(URI uri, String path) {
        if (path.isEmpty()) {
            throw bad(uri, "no directory");
        }
        return Path.of(path);
    }

    private static DatastoreException bad(URI uri, String why) {
        return new DatastoreException("bad file datastore URI '" + uri + "': " + why
                + "; expected file:/absolute/dir or file:relative/dir", false);
    }
}
