/**
 * The etcd v3 datastore, in Calico's key layout.
 *
 * <pre>{@code
 * CalicoClient client = CalicoClient.connect("etcd://127.0.0.1:2379");
 * }</pre>
 */
@NullMarked
package org.calico4j.client.etcd;

import org.jspecify.annotations.NullMarked;
