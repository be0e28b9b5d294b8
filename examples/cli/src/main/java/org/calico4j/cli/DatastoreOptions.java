package org.calico4j.cli;

import java.nio.file.Path;
import java.util.Map;

import org.calico4j.client.CalicoClient;

/**
 * Which datastore a command uses: {@code --datastore URI} (given before the command), else the
 * environment variable {@code CALICO4J_DATASTORE}, else calicoctl's variables
 * ({@code DATASTORE_TYPE=etcdv3} with {@code ETCD_ENDPOINTS} and its TLS and credential
 * variables; {@code ETCD_PASSWORD} is read by the etcd datastore itself and never put into the
 * URI), else the embedded file store under {@code ~/.calico4j/}.
 */
final class DatastoreOptions {
    static final String ENV = "CALICO4J_DATASTORE";

    private DatastoreOptions() {
    }

    static String resolve(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        if ("etcdv3".equals(env.get("DATASTORE_TYPE"))) {
            return etcdUri(env);
        }
        return Path.of(System.getProperty("user.home"), ".calico4j").toUri().toString();
    }

    /** calicoctl's etcd variables as an {@code etcd://} / {@code etcds://} URI. */
    static String etcdUri(Map<String, String> env) {
        String endpoints = env.getOrDefault("ETCD_ENDPOINTS", "http://127.0.0.1:2379");
        boolean tls = endpoints.contains("https://");
        StringBuilder hosts = new StringBuilder();
        for (String e : endpoints.split(",")) {
            String hp = e.trim().replaceFirst("^https?://", "").replaceAll("/+$", "");
            if (!hp.isEmpty()) {
                hosts.append(hosts.length() == 0 ? "" : ",").append(hp);
            }
        }
        StringBuilder uri = new StringBuilder(tls ? "etcds://" : "etcd://");
        String user = env.get("ETCD_USERNAME");
        // The password stays in the environment (ETCD_PASSWORD, read by the etcd datastore): a URI ends up in messages.
        if (user != null && !user.isEmpty()) {
            uri.append(enc(user)).append('@');
        }
        uri.append(hosts);
        String sep = "?";
        for (String[] kv : new String[][] {{"ca", "ETCD_CA_CERT_FILE"}, {"cert", "ETCD_CERT_FILE"}, {"key", "ETCD_KEY_FILE"}}) {
            String v = env.get(kv[1]);
            if (v != null && !v.isEmpty()) {
                uri.append(sep).append(kv[0]).append('=').append(enc(v));
                sep = "&";
            }
        }
        return uri.toString();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static CalicoClient connect(String option) {
        return CalicoClient.connect(resolve(option, System.getenv()));
    }
}
