/**
 * Calico {@code projectcalico.org/v3} resources as immutable values.
 *
 * <pre>{@code
 * IpPool pool = IpPool.builder().name("ippool-ext-1")
 *     .spec(IpPoolSpec.builder().cidr(Cidr.parse("10.0.0.0/16")).natOutgoing(true).build()).build();
 * }</pre>
 */
@NullMarked
package org.calico4j.model;

import org.jspecify.annotations.NullMarked;
