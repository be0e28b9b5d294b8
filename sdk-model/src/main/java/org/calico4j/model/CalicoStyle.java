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
        defaults = @Value.Immutable(copy = true))
@interface CalicoStyle {
}
