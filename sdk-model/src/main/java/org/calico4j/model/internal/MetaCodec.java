package org.calico4j.model.internal;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.ObjectMeta;

/** {@code metav1.ObjectMeta}, every standard field. */
final class MetaCodec {
    static final List<String> FIELDS = List.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

    private MetaCodec() {
    }

    static ObjectMeta decode(Fields.NestedContext ctx) {
        Fields f = ctx.fields("ObjectMeta", FIELDS);
        ObjectMeta.Builder b = ObjectMeta.builder()
                .name(f.string("name"))
                .generateName(f.string("generateName"))
                .namespace(f.string("namespace"))
                .selfLink(f.string("selfLink"))
                .uid(f.string("uid"))
                .resourceVersion(f.string("resourceVersion"))
                .generation(f.optInteger("generation", "int64").orElse(0L))
                .creationTimestamp(f.string("creationTimestamp"))
                .putAllLabels(f.stringMap("labels"))
                .putAllAnnotations(f.stringMap("annotations"))
                .addAllOwnerReferences(f.jsonList("ownerReferences", "[]v1.OwnerReference"))
                .addAllFinalizers(f.stringList("finalizers", "[]string"))
                .addAllManagedFields(f.jsonList("managedFields", "[]v1.ManagedFieldsEntry"));
        f.optString("deletionTimestamp").ifPresent(b::deletionTimestamp);
        f.optInteger("deletionGracePeriodSeconds", "int64").ifPresent(b::deletionGracePeriodSeconds);
        return b.build();
    }

    static ObjectNode encode(ObjectMeta m) {
        return Out.object()
                .str("name", m.name())
                .str("generateName", m.generateName())
                .str("namespace", m.namespace())
                .str("selfLink", m.selfLink())
                .str("uid", m.uid())
                .str("resourceVersion", m.resourceVersion())
                .integer("generation", m.generation())
                .str("creationTimestamp", m.creationTimestamp())
                .optStr("deletionTimestamp", m.deletionTimestamp())
                .optLong("deletionGracePeriodSeconds", m.deletionGracePeriodSeconds())
                .map("labels", m.labels())
                .map("annotations", m.annotations())
                .jsons("ownerReferences", m.ownerReferences())
                .strings("finalizers", m.finalizers())
                .jsons("managedFields", m.managedFields())
                .node();
    }
}
