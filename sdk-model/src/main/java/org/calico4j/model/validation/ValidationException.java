package org.calico4j.model.validation;

import java.util.List;

import org.calico4j.model.CalicoException;
import org.calico4j.model.Kind;

/**
 * A resource Calico would reject, with every violation found (not just the first).
 *
 * <pre>{@code
 * try { Validator.standard().validate(pool); }
 * catch (ValidationException e) { e.violations().forEach(v -> System.err.println(v)); }
 * }</pre>
 *
 * <p>The message is Calico's: {@code error with field X = 'v' (reason)} for one violation,
 * {@code error with the following fields:} and one line per violation otherwise, prefixed with
 * the kind and name of the resource.
 */
public class ValidationException extends CalicoException {
    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;
    /**
     * The kind of the resource rejected.
     */
    private final Kind kind;
    /**
     * The name of the resource rejected.
     */
    private final String resourceName;

    /**
     * A resource was rejected; the message is Calico's, naming resource, fields, values and reasons.
     *
     * @param kind         the resource's kind
     * @param resourceName the resource's name
     * @param violations   every rule it breaks
     */
    public ValidationException(Kind kind, String resourceName, List<Violation> violations) {
        super(kind.kindName() + " \"" + resourceName + "\": " + calicoMessage(violations));
        this.kind = kind;
        this.resourceName = resourceName;
        this.violations = List.copyOf(violations);
    }

    /**
     * Every rule the resource breaks, in Calico's order.
     *
     * @return the violations
     */
    public List<Violation> violations() {
        return violations;
    }

    /**
     * The kind of the resource rejected.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The name of the resource rejected.
     *
     * @return the name
     */
    public String resourceName() {
        return resourceName;
    }

    /**
     * Calico's {@code ErrorValidation.Error()} text for these violations.
     *
     * @param violations the violations
     * @return the text Calico prints for them
     */
    public static String calicoMessage(List<Violation> violations) {
        if (violations.isEmpty()) {
            return "unknown validation error";
        }
        if (violations.size() == 1) {
            return "error with field " + violations.get(0);
        }
        StringBuilder sb = new StringBuilder("error with the following fields:\n");
        for (Violation v : violations) {
            sb.append("-  ").append(v).append('\n');
        }
        return sb.toString();
    }
}
