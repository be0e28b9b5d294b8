/**
 * Calico's resource model: value types, manifests, defaulting, validation and selectors.
 *
 * <pre>{@code
 * module my.app { requires org.calico4j.model; }
 * IpPool pool = Validator.standard().validate(Manifest.read(path).resources().get(0));
 * }</pre>
 *
 * <p>Jackson's databind ({@code JsonNode} in {@code Manifest.toJsonTree}, {@code JsonValue}) and
 * IPAddress ({@code Cidr.toIpAddress()}) appear in the API, so a module that reads this one reads
 * them too, and so do Immutables' annotations, which the value types carry (the annotation
 * processor itself runs at build time only; its generated classes are package-private).
 * JSpecify's nullness annotations are visible to compilers of dependent modules. Nothing is
 * bound by reflection: Jackson is used through its tree model, so no package is opened to it.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})   // Immutables has only an Automatic-Module-Name
module org.calico4j.model {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive inet.ipaddr;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;   // anchors and aliases counted as Go's YAML does
    requires static transitive org.jspecify;
    // Immutables' annotations (class retention) sit on exported types, so dependent modules'
    // compilers must read them: the 17 KB value-annotations jar, not the processor, which runs at
    // build time only. `requires static transitive` would fail consumers that lack the jar
    // ("module not found") and javac's exports lint rejects a plain `requires static`.
    requires transitive org.immutables.value.annotations;

    exports org.calico4j.model;
    exports org.calico4j.model.ipam;
    exports org.calico4j.model.manifest;
    exports org.calico4j.model.net;
    exports org.calico4j.model.selector;
    exports org.calico4j.model.validation;
}
