package org.calico4j.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.immutables.value.Value;

/**
 * The one Immutables style of calico4j: generated {@code Immutable*} classes stay package-private
 * behind {@code X.builder()} and the abstract types; accessors carry no {@code get} prefix.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
        visibility = Value.Style.ImplementationVisibility.PACKAGE,
        overshadowImplementation = true,
        jdkOnly = true,
        optionalAcceptNullable = true,
        // No @org.immutables.value.Generated in class files: Immutables is compile-only, and users
        // compiling with -Xlint:all would otherwise be warned that the annotation is missing.
        allowedClasspathAnnotations = {java.lang.Override.class},
        defaults = @Value.Immutable(copy = true))
@interface CalicoStyle {
}
