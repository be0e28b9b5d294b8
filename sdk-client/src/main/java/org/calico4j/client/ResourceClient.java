package org.calico4j.client;

import org.calico4j.model.Resource;

/**
 * The operations on one kind, with calicoctl's semantics. Every write runs Calico's defaulting
 * and validation (the same pipeline as {@code calico4j validate}) plus the checks that need the
 * datastore (pool overlap, BGPFilter existence, immutable fields).
 *
 * <pre>{@code
 * ResourceClient<IpPool> pools = client.ipPools();
 * IpPool created = pools.create(pool);                 // resourceVersion, uid, creationTimestamp set
 * pools.dryRun().apply(pool.withSpec(...));            // validated, not written
 * }</pre>
 *
 * <p>Thread-safe; holds no state besides the client it came from.
 */
public interface ResourceClient<T extends Resource> {
    /** Creates a new resource; {@link AlreadyExistsException} if the name is taken. */
    T create(T resource);

    /**
     * Replaces a stored resource. Its resourceVersion is the precondition: a stale one gives
     * {@link ConflictException} carrying the current object.
     */
    T update(T resource);

    /** Creates, or updates what is stored (calicoctl apply); retries a bounded number of times on races. */
    T apply(T resource);

    /** Deletes by name; with the resource's resourceVersion as precondition when it carries one. */
    T delete(T resource);

    NamedResource<T> withName(String name);

    /**
     * This client scoped to one namespace (WorkloadEndpoint only): names, lists and watches refer to it,
     * and resources written without a namespace get it. The unscoped client lists every namespace and
     * writes to {@code default}, as calicoctl does. Throws for cluster-scoped kinds.
     */
    ResourceClient<T> inNamespace(String namespace);

    /** Every resource of this kind. */
    ResourceList<T> list();

    /** The resources whose labels match a Calico selector (e.g. {@code env == 'prod'}). */
    ResourceList<T> list(String labelSelector);

    /**
     * Watches changes after {@code fromRevision} (a list's revision, or a resourceVersion): each
     * later change once, in order. A compacted revision ends the watch with
     * {@link ResourceVersionTooOldException}: list again and watch from the new list's revision.
     */
    Watch watch(long fromRevision, Watcher<T> watcher);

    /** Sends an ADDED event for every existing resource, then watches from that list's revision. */
    Watch watch(Watcher<T> watcher);

    /** This client in dry-run mode: every write is validated and returned as it would be stored, nothing is written. */
    ResourceClient<T> dryRun();
}
