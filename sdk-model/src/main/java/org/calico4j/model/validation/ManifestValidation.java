package org.calico4j.model.validation;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.model.Resource;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.manifest.ManifestEntry;

/**
 * A whole manifest through calicoctl's create path, resource by resource: what would be
 * accepted (defaulted) and every error of what would not.
 *
 * <pre>{@code
 * ManifestValidation.Report r = ManifestValidation.run(text, "pools.yaml", Validator.standard());
 * if (!r.isValid()) r.errors().forEach(System.err::println);
 * }</pre>
 */
public final class ManifestValidation {
    private ManifestValidation() {
    }

    /**
     * What {@link #run} found.
     *
     * @param accepted the defaulted resources that passed, in manifest order
     * @param errors   one line per failed resource or document, worded as calicoctl words it
     */
    public record Report(List<Resource> accepted, List<String> errors) {
        /**
         * Copies the collections, so the value stays immutable.
         *
         * @param accepted the defaulted resources that passed, in manifest order
         * @param errors one line per failed resource or document, worded as calicoctl words it
         */
        public Report {
            accepted = List.copyOf(accepted);
            errors = List.copyOf(errors);
        }

        /**
         * Whether every document read and every resource passed.
         *
         * @return true when there is no error
         */
        public boolean isValid() {
            return errors.isEmpty();
        }
    }

    /**
     * Reads and validates a manifest as {@code calicoctl create} does on an empty datastore: every
     * document, every resource, every violation reported.
     *
     * @param text      the manifest, YAML or JSON
     * @param source    names the input in messages
     * @param validator the validator to apply
     * @return the accepted resources and the error lines
     */
    public static Report run(String text, String source, Validator validator) {
        List<ManifestEntry> entries = Manifest.load(text, source);
        List<Resource> accepted = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (entries.isEmpty()) {
            errors.add("no resources specified in file " + source);
        }
        for (ManifestEntry e : entries) {
            e.problem().ifPresent(p -> errors.add(p.toString()));
            e.resource().ifPresent(r -> {
                Validator.Result result = validator.result(r);
                if (result.isValid()) {
                    accepted.add(result.resource());
                } else {
                    errors.add(r.kind().kindName() + "(" + r.name() + "): "
                            + ValidationException.calicoMessage(result.violations()).stripTrailing());
                }
            });
        }
        return new Report(accepted, errors);
    }
}
