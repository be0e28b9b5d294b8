package org.calico4j.model.validation;

import java.util.List;

import org.calico4j.model.Resource;
import org.calico4j.model.internal.rules.Pipeline;

/**
 * Calico's defaulting and validation for a write ({@code calicoctl create} / {@code apply}):
 * the client's defaults and checks, the Go validator, and the CRD schema and CEL rules Calico
 * v3.32.1 enforces in-process. Every violation is collected, not just the first.
 *
 * <pre>{@code
 * IpPool defaulted = Validator.standard().validate(pool);   // blockSize 26, ipipMode Never ...
 * List<Violation> problems = Validator.standard().check(pool);
 * }</pre>
 *
 * <p>Thread-safe and stateless apart from its {@link ValidationContext}.
 */
public final class Validator {
    private static final Validator STANDARD = new Validator(ValidationContext.empty());

    private final ValidationContext context;

    private Validator(ValidationContext context) {
        this.context = context;
    }

    /**
     * A create against an empty datastore: what the conformance vectors describe.
     *
     * @return the validator
     */
    public static Validator standard() {
        return STANDARD;
    }

    /**
     * A write that sees existing pools, BGP filters, and (for an update) the stored object.
     *
     * @param context what the datastore holds
     * @return the validator
     */
    public static Validator withContext(ValidationContext context) {
        return new Validator(context);
    }

    /**
     * Defaults and validates {@code resource}; returns the defaulted copy or throws
     * {@link ValidationException} listing every violation.
     *
     * @param <R>      the resource type
     * @param resource the resource as written
     * @return the defaulted copy
     */
    @SuppressWarnings("unchecked")
    public <R extends Resource> R validate(R resource) {
        Pipeline.Outcome o = Pipeline.run(resource, context);
        if (!o.violations().isEmpty()) {
            throw new ValidationException(resource.kind(), resource.name(), o.violations());
        }
        return (R) o.resource();
    }

    /**
     * Every violation of {@code resource}; empty when Calico would accept it.
     *
     * @param resource the resource as written
     * @return the violations
     */
    public List<Violation> check(Resource resource) {
        return Pipeline.run(resource, context).violations();
    }

    /**
     * The defaulted resource, or the violations, without throwing.
     *
     * @param resource the resource as written
     * @return the defaulted resource or the violations
     */
    public Result result(Resource resource) {
        Pipeline.Outcome o = Pipeline.run(resource, context);
        return new Result(o.resource(), o.violations());
    }

    /**
     * The outcome of one resource.
     *
     * @param resource   the defaulted resource when valid, else the input
     * @param violations empty when Calico would accept the resource
     */
    public record Result(Resource resource, List<Violation> violations) {
        /**
         * Copies the collections, so the value stays immutable.
         *
         * @param resource the defaulted resource when valid, else the input
         * @param violations empty when Calico would accept the resource
         */
        public Result {
            violations = List.copyOf(violations);
        }

        /**
         * Whether Calico would accept the resource.
         *
         * @return true when there is no violation
         */
        public boolean isValid() {
            return violations.isEmpty();
        }
    }
}
