/**
 * The embedded file datastore: durable, crash-safe, one writer process at a time.
 *
 * <pre>{@code
 * Datastore ds = FileDatastore.open(Path.of("/var/lib/calico4j"));
 * }</pre>
 */
@NullMarked
package org.calico4j.client.file;

import org.jspecify.annotations.NullMarked;
