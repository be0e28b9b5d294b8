package org.calico4j.testkit.property;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The generated parameter of a {@link CalicoProperty} method, with the name of the method (static or
 * instance, no arguments) that returns its {@link Gen}: looked up in the test class, its superclasses
 * and its enclosing classes, or in a holder class named by {@link #holder()} or as
 * {@code "com.example.Gens#clusters"} (as JUnit's {@code @MethodSource} names one).
 *
 * <pre>{@code
 * void prop(@GeneratedBy("clusters") ClusterSpec c) { ... }
 * void other(@GeneratedBy(value = "clusters", holder = MyGens.class) ClusterSpec c) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface GeneratedBy {
    /** {@return the generator method's name, or {@code "fully.qualified.Holder#name"}} */
    String value();

    /**
     * The class holding the generator method (searched with its superclasses); {@code Void.class}, the
     * default, means the test class. An instance method there is called on an instance made with the
     * holder's no-argument constructor.
     *
     * @return the holder class
     */
    Class<?> holder() default Void.class;
}
