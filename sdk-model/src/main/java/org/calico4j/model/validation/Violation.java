package org.calico4j.model.validation;

import java.util.Objects;
import java.util.Optional;

import org.calico4j.model.Kind;
import org.calico4j.model.internal.Echo;
import org.jspecify.annotations.Nullable;

/**
 * One rule a resource breaks, as Calico reports it: the field (Calico's name for it, such as
 * {@code IPPool.Spec.CIDR} or {@code PeerIP}), the offending value, and Calico's reason text.
 *
 * <pre>{@code
 * Violation v = e.violations().get(0);
 * v.toString();   // IPPool.Spec.CIDR = '192.168.0.0/16' (IPPool CIDR is not strictly masked)
 * }</pre>
 */
public final class Violation {
    private final Kind kind;
    private final String resourceName;
    private final String field;
    private final @Nullable String value;
    private final String reason;

    /**
     * One broken rule.
     *
     * @param kind         the resource's kind
     * @param resourceName the resource's name
     * @param field        Calico's field name, e.g. {@code IPPool.Spec.CIDR}
     * @param value        the rejected value as text (shortened when long), or null
     * @param reason       Calico's reason text
     */
    public Violation(Kind kind, String resourceName, String field, @Nullable String value, String reason) {
        this.kind = kind;
        this.resourceName = resourceName;
        this.field = field;
        this.value = value;
        this.reason = reason;
    }

    /**
     * The kind of the resource.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The name of the resource.
     *
     * @return the name
     */
    public String resourceName() {
        return resourceName;
    }

    /**
     * Calico's field name, e.g. {@code IPPool.Spec.CIDR}, {@code Metadata.Name}, {@code spec.nextHopMode}.
     *
     * @return the field path
     */
    public String field() {
        return field;
    }

    /**
     * The offending value as Calico prints it; empty where Calico prints none.
     *
     * @return the value, or empty when the violation is about a missing field
     */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /**
     * Calico's reason text.
     *
     * @return Calico's reason text
     */
    public String reason() {
        return reason;
    }

    /**
     * Calico's rendering of one errored field: {@code Name = 'Value' (Reason)}; a value or reason
     * longer than a few hundred characters is shortened, with its length.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(field);
        if (value != null) {
            sb.append(" = '").append(Echo.shorten(value)).append('\'');
        }
        if (!reason.isEmpty()) {
            sb.append(" (").append(Echo.shorten(reason)).append(')');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Violation)) {
            return false;
        }
        Violation v = (Violation) o;
        return kind == v.kind && resourceName.equals(v.resourceName) && field.equals(v.field)
                && Objects.equals(value, v.value) && reason.equals(v.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, resourceName, field, value, reason);
    }
}
