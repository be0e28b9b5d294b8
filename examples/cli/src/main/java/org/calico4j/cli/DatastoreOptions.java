package org.calico4j.cli;

import java.nio.file.Path;
import java.util.Map;

import org.calico4j.client.CalicoClient;

/**
 * Which datastore a command uses: {@code --datastore URI} (given before the command), else the
 * environment variable {@code CALICO4J_DATASTORE}, else the embedded file store under
 * {@code ~/.calico4j/}.
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
        return Path.of(System.getProperty("user.home"), ".calico4j").toUri().toString();
    }

    static CalicoClient connect(String option) {
        return CalicoClient.connect(resolve(option, System.getenv()));
    }
}
