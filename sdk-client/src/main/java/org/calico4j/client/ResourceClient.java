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
    /**
     * Creates a new resource; {@link AlreadyExistsException} if the name is taken.
     *
     * @param resource the resource, without resourceVersion
     * @return the stored resource: defaulted, with uid, creationTimestamp and resourceVersion
     * @throws org.calico4j.model.validation.ValidationException with every violation, nothing written
     */
    T create(T resource);

    /**
     * Replaces a stored resource. Its resourceVersion is the precondition: a stale one gives
     * {@link ConflictException} carrying the current object. Calico's rules are checked against the stored value
     * (an IP pool's CIDR and block size stay; the uid and creation time are kept when left out). When that value is
     * the one this client last returned for the key (from a create, an update or an edit's read), it is not read
     * again: the store's condition on the revision stands in for the read, and the outcome is the same.
     *
     * @param resource the new content, with the resourceVersion it was read at (required, as in Calico)
     * @return the stored resource with its new resourceVersion
     * @throws NotFoundException when nothing of that name is stored
     * @throws org.calico4j.model.validation.ValidationException when the resourceVersion is missing or malformed, or
     *         a rule is broken
     */
    T update(T resource);

    /**
     * Creates, or updates what is stored (calicoctl apply); retries a bounded number of times on races.
     *
     * @param resource the desired content
     * @return the stored resource
     */
    T apply(T resource);

    /**
     * Deletes by name; with the resource's resourceVersion as precondition when it carries one.
     *
     * @param resource the resource to delete (its name, namespace and resourceVersion are used)
     * @return the resource as it was stored
     * @throws NotFoundException when nothing of that name is stored
     */
    T delete(T resource);

    /**
     * The operations on one resource by name ({@code get}, {@code require}, {@code edit}, {@code delete}).
     *
     * <pre>{@code
     * client.ipPools().withName("pool-1").edit(p -> p.editSpec(s -> s.natOutgoing(true)));
     * }</pre>
     *
     * @param name the resource's name
     * @return a handle that looks the name up on each call
     */
    NamedResource<T> withName(String name);

    /**
     * This client scoped to one namespace (WorkloadEndpoint only): names, lists and watches refer to it,
     * and resources written without a namespace get it. The unscoped client lists every namespace and
     * writes to {@code default}, as calicoctl does.
     *
     * @param namespace a Kubernetes namespace name
     * @return the scoped client
     * @throws IllegalArgumentException for cluster-scoped kinds
     */
    ResourceClient<T> inNamespace(String namespace);

    /**
     * Every resource of this kind.
     *
     * @return the resources and the revision they were read at
     */
    ResourceList<T> list();

    /**
     * The resources whose labels match a Calico selector (e.g. {@code env == 'prod'}).
     *
     * @param labelSelector a Calico selector over the resources' labels
     * @return the matching resources and the revision they were read at
     * @throws org.calico4j.model.validation.ValidationException when the selector does not parse
     */
    ResourceList<T> list(String labelSelector);

    /**
     * Watches changes after {@code fromRevision} (a list's revision, or a resourceVersion): each
     * later change once, in order. A compacted revision ends the watch with
     * {@link ResourceVersionTooOldException}: list again and watch from the new list's revision.
     *
     * @param fromRevision the revision after which changes are delivered
     * @param watcher      receives the events, notices and the final error (see {@link Watcher} for threading)
     * @return the watch; the caller closes it
     */
    Watch watch(long fromRevision, Watcher<T> watcher);

    /**
     * Sends an ADDED event for every existing resource, then watches from that list's revision.
     *
     * @param watcher receives the events
     * @return the watch; the caller closes it
     */
    Watch watch(Watcher<T> watcher);

    /**
     * This client in dry-run mode: every write is validated and returned as it would be stored, nothing is written.
     *
     * @return the dry-run client
     */
    ResourceClient<T> dryRun();
}
