package org.calico4j.testkit.property;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The parameter of a {@link Property} method, with the name of the method (static or instance, no
 * arguments) in the test class that returns its {@link Gen}.
 *
 * <pre>{@code
 * void prop(@ForAll("clusters") ClusterSpec c) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface ForAll {
    /** The generator method's name. */
    String value();
}
