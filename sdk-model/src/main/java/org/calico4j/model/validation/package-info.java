/**
 * Calico's defaulting and validation for writes, with every violation reported at once.
 *
 * <pre>{@code
 * List<Violation> problems = Validator.standard().check(pool);
 * }</pre>
 */
@NullMarked
package org.calico4j.model.validation;

import org.jspecify.annotations.NullMarked;
