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
     * {@code file:relative/dir} or {@code etcd://127.0.0.1:2379}.
     *
     * @param uri the datastore URI
     * @return the open datastore; the caller closes it
     * @throws org.calico4j.client.DatastoreException when no provider serves the scheme (naming those that do) or the open fails
     */
    public static Datastore open(String uri) {
        return open(parse(uri));
    }

    /**
     * Reads datastore URI text; a bare {@code scheme:} (which java.net.URI rejects) is accepted.
     *
     * @param uri the text
     * @return the URI
     * @throws org.calico4j.client.DatastoreException naming the text, its password redacted, when it is not a URI
     */
    public static URI parse(String uri) {
        try {
            if (uri.matches("[A-Za-z][A-Za-z0-9+.-]*:")) {
                return new URI(uri.substring(0, uri.length() - 1), "/", null);
            }
            return new URI(uri);
        } catch (java.net.URISyntaxException e) {
            // Not chained: the URISyntaxException's own message quotes the whole input, password included.
            throw new DatastoreException("invalid datastore URI '" + redact(uri) + "': " + e.getReason()
                    + (uri.indexOf('@') >= 0 ? " (percent-encode special characters in a password, or better keep it out of the"
                            + " URI: passwordFile=... or CALICO4J_ETCD_PASSWORD)" : ""), false);
        }
    }

    /**
     * {@code uri} fit for a message: the password part of any user-info ({@code user:secret@})
     * replaced by {@code ***}, also in text that is not a valid URI (a mistyped scheme, a space or
     * a stray {@code %} in the password). Every message that quotes a datastore URI uses it.
     *
     * @param uri URI text, valid or not
     * @return the text without a password
     */
    public static String redact(String uri) {
        // The last '@' anywhere: an unencoded '?', '#' or '@' in a password must not hide it (over-redacting a
        // query that holds an '@' costs only readability).
        int at = uri.lastIndexOf('@');
        if (at < 0) {
            return uri;
        }
        int slashes = uri.indexOf("://");
        int start;
        if (slashes >= 0 && slashes < at) {
            start = slashes + 3;
        } else if (uri.regionMatches(true, 0, "file:", 0, 5) || uri.regionMatches(true, 0, "memory:", 0, 7)) {
            return uri;
        } else {
            // "user:secret@host" without a scheme, or "scheme:user:secret@host": everything before the '@' may hold it.
            start = 0;
        }
        String userInfo = uri.substring(start, at);
        int colon = userInfo.indexOf(':');
        return colon < 0 ? uri : uri.substring(0, start) + userInfo.substring(0, colon) + ":***" + uri.substring(at);
    }

    /**
     * Opens {@code uri} with the one provider that serves its scheme.
     *
     * @param uri the datastore URI
     * @return the open datastore; the caller closes it
     * @throws org.calico4j.client.DatastoreException when no provider, or more than one, serves the scheme
     */
    public static Datastore open(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new DatastoreException("datastore URI '" + redact(uri.toString()) + "' has no scheme (known: " + schemes() + ")", false);
        }
        List<DatastoreProvider> matches = new ArrayList<>();
        for (DatastoreProvider p : ServiceLoader.load(DatastoreProvider.class, Datastores.class.getClassLoader())) {
            if (p.scheme().equalsIgnoreCase(scheme)) {
                matches.add(p);
            }
        }
        if (matches.isEmpty()) {
            throw new DatastoreException("no datastore provider for scheme '" + scheme.toLowerCase(Locale.ROOT)
                    + "' in '" + redact(uri.toString()) + "' (known: " + schemes() + ")", false);
        }
        if (matches.size() > 1) {
            List<String> names = new ArrayList<>();
            matches.forEach(p -> names.add(p.getClass().getName()));
            throw new DatastoreException("several datastore providers for scheme '" + scheme + "': " + names
                    + "; pass a Datastore instance to CalicoClient.builder().datastore(...) instead", false);
        }
        return matches.get(0).open(uri);
    }

    /**
     * The schemes of the providers found ({@code META-INF/services} or module {@code provides}).
     *
     * @return the schemes, sorted
     */
    public static TreeSet<String> schemes() {
        TreeSet<String> out = new TreeSet<>();
        for (DatastoreProvider p : ServiceLoader.load(DatastoreProvider.class, Datastores.class.getClassLoader())) {
            out.add(p.scheme());
        }
        return out;
    }
}
