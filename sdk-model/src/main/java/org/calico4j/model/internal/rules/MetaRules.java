package org.calico4j.model.internal.rules;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.calico4j.model.ObjectMeta;

/** Calico's {@code validateObjectMeta}: name, labels, annotations. */
final class MetaRules {
    private static final long ANNOTATION_LIMIT = 256 * 1024;

    private MetaRules() {
    }

    /** Whether {@link #check} finds nothing, decided without collecting: a valid name, and no label or annotation. */
    static boolean clean(ObjectMeta m) {
        return m.name().length() <= 253 && GoChecks.name(m.name()) && m.labels().isEmpty() && m.annotations().isEmpty();
    }

    static void check(ObjectMeta m, Collector c) {
        String name = m.name();
        boolean validName = GoChecks.name(name);
        int len = validName ? name.length() : name.getBytes(StandardCharsets.UTF_8).length; // a valid name is ASCII
        if (len > 253) {
            c.add("Metadata.Name", name, "name is too long by " + (len - 253) + " bytes");
        }
        if (!validName) {
            c.add("Metadata.Name", name, "name must consist of lower case alphanumeric characters, '-' or '.' (regex: "
                    + GoChecks.NAME_REGEX_TEXT + ")");
        }
        long total = 0;
        for (Map.Entry<String, String> e : m.annotations().entrySet()) {
            for (String err : K8sNames.isQualifiedName(e.getKey().toLowerCase(Locale.ROOT))) {
                c.add("Metadata.Annotations (key)", e.getKey(), err);
            }
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > ANNOTATION_LIMIT) {
            c.add("Metadata.Annotations (key)", null, "total size of annotations is too large by "
                    + (total - ANNOTATION_LIMIT) + " bytes");
        }
        for (Map.Entry<String, String> e : m.labels().entrySet()) {
            for (String err : K8sNames.isQualifiedName(e.getKey())) {
                c.add("Metadata.Labels (label)", e.getKey(), err);
            }
            for (String err : K8sNames.isValidLabelValue(e.getValue())) {
                c.add("Metadata.Labels (value)", e.getValue(), err);
            }
        }
    }
}
