/**
 * A modular application on calico4j, built as a user's project is: its POM imports
 * {@code calico4j-bom} and inherits nothing from calico4j's build. It names only the two modules it
 * asks for; every other type it uses (model, client, dataplane, Jackson, IPAddress, the JUnit API)
 * must reach it through {@code requires transitive}, or this does not compile.
 */
module org.calico4j.consumer {
    requires org.calico4j.testkit;
    requires org.calico4j.client.etcd;
}
