package org.calico4j.client.spi;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

import org.calico4j.client.DatastoreException;

/**
 * Opens a datastore by URI through the {@link DatastoreProvider}s on the class path
 * ({@code memory:}, {@code file:/path}, {@code etcd://host:port} when its module is present).
 *
 * <pre>{@code
 * try (Datastore ds = Datastores.open(URI.create("file:/var/lib/calico4j"))) { ... }
 * }</pre>
 *
 * <p>Two providers for one scheme is an error naming both: calico4j does not guess.
 */
public final class Datastores {
    private Datastores() {
    }

    /** Opens {@code uri}; the caller closes the datastore. */
    public static Datastore open(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new DatastoreException("datastore URI '" + uri + "' has no scheme (known: " + schemes() + ")", false);
        }
        List<DatastoreProvider> matches = new ArrayList<>();
        for (DatastoreProvider p : ServiceLoader.load(DatastoreProvider.class, Datastores.class.getClassLoader())) {
            if (p.scheme().equalsIgnoreCase(scheme)) {
                matches.add(p);
            }
        }
        if (matches.isEmpty()) {
            throw new DatastoreException("no datastore provider for scheme '" + scheme.toLowerCase(Locale.ROOT)
                    + "' in '" + uri + "' (known: " + schemes() + ")", false);
        }
        if (matches.size() > 1) {
            List<String> names = new ArrayList<>();
            matches.forEach(p -> names.add(p.getClass().getName()));
            throw new DatastoreException("several datastore providers for scheme '" + scheme + "': " + names
                    + "; pass a Datastore instance to CalicoClient.builder().datastore(...) instead", false);
        }
        return matches.get(0).open(uri);
    }

    /** The schemes of the providers on the class path. */
    public static TreeSet<String> schemes() {
        TreeSet<String> out = new TreeSet<>();
        for (DatastoreProvider p : ServiceLoader.load(DatastoreProvider.class, Datastores.class.getClassLoader())) {
            out.add(p.scheme());
        }
        return out;
    }
}
