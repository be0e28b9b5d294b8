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

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code etcd://host:port[,host:port...]} (or {@code etcds://} for TLS), with optional
     * {@code user:password@} and query parameters {@code timeout} (Go duration), {@code ca},
     * {@code cert}, {@code key} (file paths).
     */
    public static EtcdOptions fromUri(URI uri) {
        String scheme = uri.getScheme();
        boolean tls = "etcds".equalsIgnoreCase(scheme);
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new DatastoreException("etcd URI '" + redact(uri) + "' names no host:port", false);
        }
        Builder b = builder();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            b.user(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                b.password(decode(userInfo.substring(colon + 1)));
            }
        }
        Map<String, String> q = query(uri.getRawQuery());
        boolean https = tls || q.containsKey("ca") || q.containsKey("cert");
        for (String hp : authority.split(",")) {
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
        for (String k : q.keySet()) {
            if (!List.of("timeout", "ca", "cert", "key").contains(k)) {
                throw new DatastoreException("etcd URI: unknown parameter '" + k + "' (known: timeout, ca, cert, key)", false);
            }
        }
        return b.build();
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
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URI without its password, for messages. */
    static String redact(URI uri) {
        String s = uri.toString();
        return s.replaceFirst("//([^:/@]*):[^@/]*@", "//$1:***@");
    }

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

        public Builder endpoint(String url) {
            endpoints.add(url);
            return this;
        }

        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        public Builder caFile(Path p) {
            this.caFile = p;
            return this;
        }

        public Builder certFile(Path p) {
            this.certFile = p;
            return this;
        }

        public Builder keyFile(Path p) {
            this.keyFile = p;
            return this;
        }

        public Builder user(String u) {
            this.user = u;
            return this;
        }

        public Builder password(String p) {
            this.password = p;
            return this;
        }

        public EtcdOptions build() {
            return new EtcdOptions(endpoints, timeout, caFile, certFile, keyFile, user, password);
        }
    }
}
