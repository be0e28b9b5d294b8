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

    /**
     * Opens a datastore from text such as {@code memory:}, {@code file:/var/lib/calico4j},
     * {@code file:relative/dir} or {@code etcd://127.0.0.1:2379}; the caller closes it.
     */
    public static Datastore open(String uri) {
        return open(parse(uri));
    }

    /** Reads datastore URI text; a bare {@code scheme:} (which java.net.URI rejects) is accepted. */
    public static URI parse(String uri) {
        try {
            if (uri.matches("[A-Za-z][A-Za-z0-9+.-]*:")) {
                return new URI(uri.substring(0, uri.length() - 1), "/", null);
            }
            return new URI(uri);
        } catch (java.net.URISyntaxException e) {
            throw new DatastoreException("invalid datastore URI '" + uri + "': " + e.getReason(), false, e);
        }
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
