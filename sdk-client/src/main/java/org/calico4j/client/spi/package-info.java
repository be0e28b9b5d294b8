/**
 * The datastore SPI: a small revisioned contract, and providers found by URI scheme.
 *
 * <pre>{@code
 * Datastore ds = Datastores.open(URI.create("memory:"));
 * }</pre>
 */
@NullMarked
package org.calico4j.client.spi;

import org.jspecify.annotations.NullMarked;
