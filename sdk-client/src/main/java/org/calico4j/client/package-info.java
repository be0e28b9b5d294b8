/**
 * The calico4j client: typed, fluent access to Calico resources over a {@link org.calico4j.client.spi.Datastore}.
 *
 * <pre>{@code
 * try (CalicoClient client = CalicoClient.inMemory()) { client.ipPools().create(pool); }
 * }</pre>
 */
@NullMarked
package org.calico4j.client;

import org.jspecify.annotations.NullMarked;
