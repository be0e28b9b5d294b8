/**
 * The in-memory datastore: MVCC revisions, bounded watch history.
 *
 * <pre>{@code
 * Datastore ds = MemoryDatastore.create();
 * }</pre>
 */
@NullMarked
package org.calico4j.client.memory;

import org.jspecify.annotations.NullMarked;
