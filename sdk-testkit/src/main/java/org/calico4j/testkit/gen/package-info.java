/**
 * Generators of Calico resources: valid ones, and invalid ones paired with the rule they break.
 *
 * <pre>{@code
 * PropertyRunner.forAll(ResourceGens.validIpPools(), p -> Validator.standard().validate(p));
 * }</pre>
 */
@NullMarked
package org.calico4j.testkit.gen;

import org.jspecify.annotations.NullMarked;
