/**
 * The calico4j testkit: {@code SimulatedCluster} with packet traces, scenario files, generators
 * with shrinking, the property runner and the JUnit 5 extension.
 *
 * <pre>{@code
 * open module my.app.test { requires org.calico4j.testkit; requires org.junit.jupiter.api; }
 * try (SimulatedCluster cluster = SimulatedCluster.create()) { ... }
 * }</pre>
 *
 * <p>The JUnit Jupiter API appears in the API (the extension and its annotations). The extension
 * injects fields and calls generator methods of the test class by reflection, so a modular test
 * opens its test packages to this module (an {@code open module}, or
 * {@code opens my.pkg to org.calico4j.testkit}), as it does for JUnit.
 */
module org.calico4j.testkit {
    requires transitive org.calico4j.dataplane;
    requires transitive org.junit.jupiter.api;
    requires com.fasterxml.jackson.dataformat.yaml;

    exports org.calico4j.testkit;
    exports org.calico4j.testkit.bgp;
    exports org.calico4j.testkit.gen;
    exports org.calico4j.testkit.junit;
    exports org.calico4j.testkit.netns;
    exports org.calico4j.testkit.property;
}
