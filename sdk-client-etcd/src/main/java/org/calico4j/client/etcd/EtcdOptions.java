package org.calico4j.client.etcd;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.calico4j.client.DatastoreException;
import org.calico4j.model.GoDuration;
import org.jspecify.annotations.Nullable;

/**
 * How to reach etcd: endpoints, call timeout, TLS files and credentials. The password is never
 * part of {@link #toString()}.
 *
 * <pre>{@code
 * EtcdOptions o = EtcdOptions.fromUri(URI.create("etcd://127.0.0.1:2379?timeout=5s"));
 * EtcdOptions t = EtcdOptions.builder().endpoint("https://10.0.0.1:2379").caFile(Path.of("ca.pem")).build();
 * }</pre>
 *
 * @param endpoints http(s)://host:port URLs
 * @param timeout   the bound on every call (connecting included)
 * @param caFile    CA bundle for TLS, or null
 * @param certFile  client certificate for TLS, or null
 * @param keyFile   client key (PKCS#8 PEM) for TLS, or null
 * @param user      etcd user, or null
 * @param password  etcd password, or null (used only with a user, as Calico does)
 */
public record EtcdOptions(List<String> endpoints, Duration timeout, @Nullable Path caFile, @Nullable Path certFile,
                          @Nullable Path keyFile, @Nullable String user, @Nullable String password) {
    /** Calico's default dial timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+):\\d{1,5}");

    /**
     * Checks the options; {@link #builder()} and {@link #fromUri(URI)} are the usual ways in.
     *
     * @param endpoints {@code http(s)://host:port} of each member, at least one
     * @param timeout   the per-call and dial timeout, positive
     * @param caFile    the CA bundle verifying etcd's certificate, or null
     * @param certFile  the client certificate, or null
     * @param keyFile   the client certificate's key, or null
     * @param user      the etcd user, or null
     * @param password  the user's password, or null
     * @throws DatastoreException (not retryable) when there is no endpoint, an endpoint is not
     *                            {@code http(s)://host:port}, or the timeout is not positive
     */
    public EtcdOptions {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new DatastoreException("etcd: no endpoints given", false);
        }
        for (String e : endpoints) {
            String hp = e.replaceFirst("^https?://", "");
            if (!HOST_PORT.matcher(hp).matches() || !(e.startsWith("http://") || e.startsWith("https://"))) {
                throw new DatastoreException("etcd: endpoint '" + e + "' is not http(s)://host:port", false);
            }
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new DatastoreException("etcd: timeout must be positive, not " + timeout, false);
        }
    }

    /**
     * Options built field by field.
     *
     * <pre>{@code
     * EtcdOptions o = EtcdOptions.builder().endpoint("https://10.0.0.1:2379").caFile(Path.of("ca.pem")).build();
     * }</pre>
     *
     * @return an empty builder (timeout {@link #DEFAULT_TIMEOUT})
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Environment variable holding the etcd password (preferred over the URI); calicoctl's {@code ETCD_PASSWORD} is read after it. */
    public static final String PASSWORD_ENV = "CALICO4J_ETCD_PASSWORD";
    private static final List<String> PARAMETERS = List.of("timeout", "ca", "cert", "key", "passwordFile");

    /**
     * {@code etcd://host:port[,host:port...]} (or {@code etcds://} for TLS), with optional
     * {@code user[:password]@} and query parameters {@code timeout} (Go duration), {@code ca},
     * {@code cert}, {@code key} (file paths) and {@code passwordFile}.
     *
     * <p>The password is best kept out of the URI (which shows in process lists and shell
     * history): give {@code user@} only, and the password in a file ({@code passwordFile=/path},
     * its content with a trailing newline dropped) or in the environment variable
     * {@value #PASSWORD_ENV} (or calicoctl's {@code ETCD_PASSWORD}); read in that order, a
     * password in the URI first.
     *
     * @param uri the datastore URI
     * @return the options it describes
     * @throws DatastoreException (not retryable) naming the URI, its password redacted, when it is malformed
     */
    public static EtcdOptions fromUri(URI uri) {
        return fromUri(uri, System.getenv());
    }

    /**
     * {@link #fromUri(URI)} with the given environment.
     *
     * @param uri the datastore URI
     * @param env the environment to read {@value #PASSWORD_ENV} and {@code ETCD_PASSWORD} from
     * @return the options it describes
     */
    public static EtcdOptions fromUri(URI uri, Map<String, String> env) {
        String scheme = uri.getScheme();
        boolean tls = "etcds".equalsIgnoreCase(scheme);
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new DatastoreException("etcd URI '" + redact(uri) + "' names no host:port", false);
        }
        Builder b = builder();
        Map<String, String> q = query(uri.getRawQuery());
        for (String k : q.keySet()) {
            if (!PARAMETERS.contains(k)) {
                // A '?' in an unencoded password starts the "query": quote only what looks like a parameter name.
                String which = k.matches("[A-Za-z]{1,32}") ? "'" + k + "'" : "in '" + redact(uri) + "'";
                throw new DatastoreException("etcd URI: unknown parameter " + which + " (known: " + String.join(", ", PARAMETERS) + ")", false);
            }
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            b.user(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                if (q.containsKey("passwordFile")) {
                    throw new DatastoreException("etcd URI '" + redact(uri) + "' gives a password and passwordFile: give one", false);
                }
                b.password(decode(userInfo.substring(colon + 1)));
            } else {
                String pw = q.containsKey("passwordFile") ? readPassword(Path.of(q.get("passwordFile")))
                        : firstSet(env, PASSWORD_ENV, "ETCD_PASSWORD");
                if (pw != null) {
                    b.password(pw);
                }
            }
        } else if (q.containsKey("passwordFile")) {
            throw new DatastoreException("etcd URI: passwordFile needs a user (etcd://user@host:port?passwordFile=...)", false);
        }
        boolean https = tls || q.containsKey("ca") || q.containsKey("cert");
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            // An unencoded '/' in a password moves the rest into the "path".
            throw new DatastoreException("etcd URI '" + redact(uri) + "' has a path; it names only host:port[,host:port]"
                    + " (percent-encode '/' in a password as %2F)", false);
        }
        for (String hp : authority.split(",")) {
            if (!HOST_PORT.matcher(hp).matches()) {
                throw new DatastoreException("etcd URI '" + redact(uri) + "': endpoints must be host:port[,host:port]", false);
            }
            b.endpoint((https ? "https://" : "http://") + hp);
        }
        if (q.containsKey("timeout")) {
            try {
                b.timeout(GoDuration.parse(q.get("timeout")).toDuration());
            } catch (IllegalArgumentException e) {
                throw new DatastoreException("etcd URI: bad timeout '" + q.get("timeout") + "': " + e.getMessage(), false);
            }
        }
        if (q.containsKey("ca")) {
            b.caFile(Path.of(q.get("ca")));
        }
        if (q.containsKey("cert")) {
            b.certFile(Path.of(q.get("cert")));
        }
        if (q.containsKey("key")) {
            b.keyFile(Path.of(q.get("key")));
        }
        return b.build();
    }

    private static @Nullable String firstSet(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    /** The password in {@code file}, without its trailing line break; errors name the file, never its content. */
    static String readPassword(Path file) {
        try {
            String pw = java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
            pw = pw.endsWith("\r\n") ? pw.substring(0, pw.length() - 2) : pw.endsWith("\n") ? pw.substring(0, pw.length() - 1) : pw;
            if (pw.isEmpty()) {
                throw new DatastoreException("etcd password file " + file + " is empty", false);
            }
            return pw;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new DatastoreException("etcd password file " + file + " cannot be read: " + e.getClass().getSimpleName(), false);
        }
    }

    private static Map<String, String> query(@Nullable String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            out.put(decode(eq < 0 ? kv : kv.substring(0, eq)), eq < 0 ? "" : decode(kv.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // URLDecoder quotes the bad escape (part of the password, maybe): say where, not what.
            throw new DatastoreException("etcd URI: a bad %-escape in the user, password or a parameter"
                    + " (write % as %25, or keep the password out of the URI: passwordFile=... or " + PASSWORD_ENV + ")", false);
        }
    }

    /** The URI without its password, for messages. */
    static String redact(URI uri) {
        return org.calico4j.client.spi.Datastores.redact(uri.toString());
    }

    /**
     * Whether the endpoints are {@code https://} ({@code etcds://} URIs).
     *
     * @return true for TLS
     */
    public boolean tls() {
        return endpoints.get(0).startsWith("https://");
    }

    /** {@code etcd://host:port,...} without credentials. */
    @Override
    public String toString() {
        List<String> hps = new ArrayList<>();
        endpoints.forEach(e -> hps.add(e.replaceFirst("^https?://", "")));
        return (tls() ? "etcds://" : "etcd://") + String.join(",", hps) + (user == null ? "" : " (user " + user + ")");
    }

    /** Builds {@link EtcdOptions}. */
    public static final class Builder {
        private final List<String> endpoints = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private @Nullable Path caFile;
        private @Nullable Path certFile;
        private @Nullable Path keyFile;
        private @Nullable String user;
        private @Nullable String password;

        private Builder() {
        }

        /**
         * Adds an endpoint; calls go to any of them.
         *
         * @param url {@code http://host:port} or {@code https://host:port}
         * @return this builder
         */
        public Builder endpoint(String url) {
            endpoints.add(url);
            return this;
        }

        /**
         * The per-call timeout (and dial timeout).
         *
         * @param t a positive duration; {@link #DEFAULT_TIMEOUT} unless set
         * @return this builder
         */
        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        /**
         * The CA bundle that verifies etcd's server certificate.
         *
         * @param p a PEM file
         * @return this builder
         */
        public Builder caFile(Path p) {
            this.caFile = p;
            return this;
        }

        /**
         * The client certificate, for etcd's client-certificate authentication.
         *
         * @param p a PEM file; goes with {@link #keyFile(Path)}
         * @return this builder
         */
        public Builder certFile(Path p) {
            this.certFile = p;
            return this;
        }

        /**
         * The client certificate's private key.
         *
         * @param p a PEM file (PKCS#8)
         * @return this builder
         */
        public Builder keyFile(Path p) {
            this.keyFile = p;
            return this;
        }

        /**
         * The etcd user, for etcd's password authentication.
         *
         * @param u the user name
         * @return this builder
         */
        public Builder user(String u) {
            this.user = u;
            return this;
        }

        /**
         * The etcd user's password; never shown by {@link EtcdOptions#toString()} or in messages.
         *
         * @param p the password
         * @return this builder
         */
        public Builder password(String p) {
            this.password = p;
            return this;
        }

        /**
         * The options, checked.
         *
         * @return the options
         * @throws DatastoreException when they are not valid (see {@link EtcdOptions})
         */
        public EtcdOptions build() {
            return new EtcdOptions(endpoints, timeout, caFile, certFile, keyFile, user, password);
        }
    }
}
