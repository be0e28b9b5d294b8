package org.calico4j.client.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import org.calico4j.client.AlreadyExistsException;
import org.calico4j.client.ConflictException;
import org.calico4j.client.NamedResource;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.ResourceClient;
import org.calico4j.client.ResourceList;
import org.calico4j.client.Watch;
import org.calico4j.client.WatchEvent;
import org.calico4j.client.WatchNotice;
import org.calico4j.client.Watcher;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreEvent;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.PoolRanges;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.CalicoException;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.selector.Selector;
import org.calico4j.model.validation.ValidationContext;
import org.calico4j.model.validation.ValidationException;
import org.calico4j.model.validation.Validator;
import org.calico4j.model.validation.Violation;
import org.jspecify.annotations.Nullable;

/** The one implementation of {@link ResourceClient}, generic over the kind. */
public final class DefaultResourceClient<T extends Resource> implements ResourceClient<T> {
    /** Attempts of {@link NamedResource#edit} and {@link #apply} before the last conflict is thrown. */
    static final int MAX_ATTEMPTS = 100;

    private final Datastore ds;
    private final Kind kind;
    private final Class<T> type;
    private final boolean dryRun;
    /** For a namespaced kind: the namespace this client is scoped to; null = every namespace ("default" for writes). */
    private final @Nullable String namespace;
    /** The values this client last wrote or read to write (edit, apply), shared with its namespaced and dry-run views. */
    private final RecentValues recent;

    /**
     * A client of one kind over every namespace.
     *
     * @param ds     the datastore
     * @param kind   the kind served
     * @param type   its resource class
     * @param dryRun validate writes without storing them
     */
    public DefaultResourceClient(Datastore ds, Kind kind, Class<T> type, boolean dryRun) {
        this(ds, kind, type, dryRun, null, new RecentValues());
    }

    private DefaultResourceClient(Datastore ds, Kind kind, Class<T> type, boolean dryRun, @Nullable String namespace,
            RecentValues recent) {
        this.ds = ds;
        this.kind = kind;
        this.type = type;
        this.dryRun = dryRun;
        this.namespace = namespace;
        this.recent = recent;
    }

    /** The namespace a name refers to: this client's, or calicoctl's {@code default}; "" for cluster-scoped kinds. */
    private String scope() {
        return !kind.namespaced() ? "" : namespace != null ? namespace : "default";
    }

    private ResourceKey key(String name) {
        return new ResourceKey(kind, scope(), name);
    }

    private ResourceKey key(Resource r) {
        String ns = r.metadata().namespace();
        return new ResourceKey(kind, kind.namespaced() && !ns.isEmpty() ? ns : scope(), r.name());
    }

    /** A namespaced resource without a namespace gets this client's (or {@code default}). */
    private T scoped(T r) {
        if (!kind.namespaced() || !r.metadata().namespace().isEmpty()) {
            return r;
        }
        return type.cast(r.withMetadata(r.metadata().withNamespace(scope())));
    }

    private boolean inScope(ResourceKey k) {
        return namespace == null || k.namespace().equals(namespace);
    }

    @Override
    public ResourceClient<T> inNamespace(String ns) {
        if (!kind.namespaced()) {
            throw new IllegalArgumentException(kind.kindName() + " is not namespaced");
        }
        return new DefaultResourceClient<>(ds, kind, type, dryRun, ns, recent);
    }

    /** Datastores hand out values already stamped with their resourceVersion (the SPI contract). */
    private T typed(Versioned v) {
        return type.cast(v.value());
    }

    private void checkKind(Resource r) {
        if (r.kind() != kind) {
            throw new IllegalArgumentException("a " + r.kind() + " cannot be written through the " + kind + " client");
        }
    }

    private ValidationException invalid(Resource r, String field, @Nullable String value, String reason) {
        return new ValidationException(kind, r.name(), List.of(new Violation(kind, r.name(), field, value, reason)));
    }

    /** Calico's datastore-aware checks see the other pools, the BGP filters and, on update, the stored object. */
    private ValidationContext context(@Nullable Resource previous) {
        return new ValidationContext() {
            @Override
            public List<IpPool> existingPools() {
                List<IpPool> pools = new ArrayList<>();
                for (Versioned v : ds.list(Kind.IP_POOL, 0).items()) {
                    pools.add((IpPool) v.value());
                }
                return pools;
            }

            @Override
            public List<IpPool> poolsOverlapping(org.calico4j.model.net.Cidr network) {
                return ds instanceof PoolRanges r ? r.poolsOverlapping(network) : ValidationContext.super.poolsOverlapping(network);
            }

            @Override
            public boolean bgpFilterExists(String name) {
                return ds.get(ResourceKey.of(Kind.BGP_FILTER, name)).isPresent();
            }

            @Override
            public Optional<Resource> previous() {
                return Optional.ofNullable(previous);
            }
        };
    }

    @Override
    public T create(T input) {
        checkKind(input);
        T resource = scoped(input);
        ObjectMeta m = resource.metadata();
        // A WorkloadEndpoint's name is derived from its spec when left empty.
        if (m.name().isEmpty() && kind != Kind.WORKLOAD_ENDPOINT) {
            throw invalid(resource, "Metadata.Name", null, "field must be set for a Create request"
                    + (m.generateName().isEmpty() ? "" : " (GenerateName is not supported)"));
        }
        if (!m.resourceVersion().isEmpty()) {
            throw invalid(resource, "Metadata.ResourceVersion", m.resourceVersion(), "field must not be set for a Create request");
        }
        Resource valid = Validator.withContext(context(null)).validate(resource);
        ObjectMeta meta = valid.metadata();
        if (!meta.selfLink().isEmpty()) {
            meta = ObjectMeta.builder().from(meta).selfLink("").build();
        }
        if (meta.uid().isEmpty()) {
            meta = meta.withUid(Uids.random().toString());
        }
        if (meta.creationTimestamp().isEmpty()) {
            meta = meta.withCreationTimestamp(CreationTimes.now());
        }
        Resource stored = valid.withMetadata(meta);
        if (dryRun) {
            if (ds.get(key(stored)).isPresent()) {
                throw new AlreadyExistsException(key(stored), ds.get(key(stored)).map(Versions::withVersion).orElse(null));
            }
            return type.cast(stored);
        }
        return remembered(ds.create(key(stored), stored));
    }

    @Override
    public T update(T input) {
        checkKind(input);
        T resource = scoped(input);
        ObjectMeta m = resource.metadata();
        if (m.name().isEmpty()) {
            throw invalid(resource, "Metadata.Name", null, "field must be set for an Update request");
        }
        if (m.resourceVersion().isEmpty()) {
            throw invalid(resource, "Metadata.ResourceVersion", null, "field must be set for an Update request");
        }
        ResourceKey key = key(resource);
        // A dry run writes nothing, so no condition of a write could stand in for its read.
        Versioned known = dryRun ? null : recent.at(key, m.resourceVersion(), m.uid());
        if (known != null) {
            T written = writeRemembered(resource, known);
            if (written != null) {
                return written;
            }
        }
        long expected = revision(resource, m.resourceVersion());
        Optional<Versioned> found = ds.get(key);
        if (found.isEmpty()) {
            throw new NotFoundException(key);
        }
        Versioned current = found.get();
        if (current.revision() != expected) {
            throw new ConflictException(key, expected, Versions.withVersion(current));
        }
        Resource toStore = checked(resource, current);
        if (dryRun) {
            return type.cast(toStore.withMetadata(toStore.metadata().withResourceVersion(m.resourceVersion())));
        }
        return remembered(ds.update(key(toStore), toStore, expected));
    }

    /**
     * The update written against the value this client last wrote or read for an edit, at the revision the update
     * expects: the store's condition on that revision stands in for the read (a revision names one value of a key).
     * Null when anything refuses it (a violation, a check that reads the store and fails, the store's conflict or
     * absence): the read then decides, so that a value changed, deleted or refused meanwhile is reported as without
     * this path, a conflict before any violation and carrying the current value (a check whose own read fails sends
     * it to the read too, so an unreachable store is tried twice). A store that fails the write for
     * another reason reports that failure here, where the read would have found a conflict first; such a write may
     * have been applied, so it is not retried.
     */
    private @Nullable T writeRemembered(T resource, Versioned known) {
        Resource toStore;
        try {
            toStore = checked(resource, known);
        } catch (RuntimeException refused) {
            recent.forget(known);
            return null;
        }
        try {
            return remembered(ds.update(key(toStore), toStore, known.revision()));
        } catch (ConflictException | NotFoundException moved) {
            recent.forget(known);
            return null;
        }
    }

    /** {@code resource} validated against the stored {@code current}, with the metadata Calico writes. */
    private Resource checked(T resource, Versioned current) {
        Resource valid = Validator.withContext(context(current.value())).validate(resource);
        // Calico keeps what the store owns (uid, creation time) and takes the rest from the caller.
        ObjectMeta m = resource.metadata();
        ObjectMeta stored = current.value().metadata();
        ObjectMeta given = valid.metadata();
        // A stored value read back and edited carries both already, and its resourceVersion is the datastore's to
        // replace (the SPI's contract: a written value comes back with the write's revision), so it is kept as it is.
        ObjectMeta meta = !given.uid().isEmpty() && !given.creationTimestamp().isEmpty() && given.selfLink().isEmpty()
                ? given
                : ObjectMeta.builder().from(given)
                        .uid(m.uid().isEmpty() ? stored.uid() : m.uid())
                        .creationTimestamp(m.creationTimestamp().isEmpty() ? stored.creationTimestamp() : m.creationTimestamp())
                        .resourceVersion("").selfLink("").build();
        return valid.withMetadata(meta);
    }

    /** A value the store returned for a write, kept so that an update of it can skip the read. */
    private T remembered(Versioned written) {
        recent.remember(written);
        return typed(written);
    }

    /** Calico's reading of a resourceVersion ({@code strconv.ParseInt(rv, 10, 64)}): a sign, then ASCII digits; above 0. */
    private long revision(Resource r, String rv) {
        long v = Versions.digits(rv.startsWith("+") ? rv.substring(1) : rv);
        if (v > 0) {
            return v;
        }
        throw invalid(r, "Metadata.ResourceVersion", rv, "invalid resource version: must be a positive integer");
    }

    @Override
    public T apply(T input) {
        checkKind(input);
        T resource = named(scoped(input));
        if (!resource.metadata().resourceVersion().isEmpty()) {
            return update(resource);
        }
        ConflictException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Versioned> current = ds.get(key(resource));
            try {
                if (current.isEmpty()) {
                    return create(resource);
                }
                recent.remember(current.get());
                return update(type.cast(resource.withMetadata(resource.metadata()
                        .withResourceVersion(Long.toString(current.get().revision())))));
            } catch (AlreadyExistsException | NotFoundException e) {
                backOff(attempt);
            } catch (ConflictException e) {
                last = e;
                backOff(attempt);
            }
        }
        throw last != null ? last : new ConflictException(key(resource), 0, null);
    }

    @Override
    public T delete(T input) {
        checkKind(input);
        T resource = named(scoped(input));
        String rv = resource.metadata().resourceVersion();
        return deleteByKey(key(resource), rv.isEmpty() ? 0 : revision(resource, rv));
    }

    /** A WorkloadEndpoint given without a name stands for the one its spec names. */
    private T named(T r) {
        if (r.name().isEmpty() && r instanceof org.calico4j.model.WorkloadEndpoint) {
            String n = org.calico4j.model.WorkloadEndpoint.nameFor(((org.calico4j.model.WorkloadEndpoint) r).spec());
            return n.isEmpty() ? r : type.cast(r.withMetadata(r.metadata().withName(n)));
        }
        return r;
    }

    T deleteByName(String name, long revision) {
        return deleteByKey(key(name), revision);
    }

    private T deleteByKey(ResourceKey key, long revision) {
        String name = key.name();
        if (dryRun) {
            Versioned cur = ds.get(key).orElseThrow(() -> new NotFoundException(key));
            if (revision != 0 && cur.revision() != revision) {
                throw new ConflictException(key, revision, Versions.withVersion(cur));
            }
            return typed(cur);
        }
        recent.forget(key);
        if (kind == Kind.IP_POOL) {
            return typed(org.calico4j.client.ipam.internal.PoolDeletion.delete(ds, name, revision));
        }
        return typed(ds.delete(key, revision));
    }

    @Override
    public NamedResource<T> withName(String name) {
        return new Named(name);
    }

    @Override
    public ResourceList<T> list() {
        return list(null);
    }

    @Override
    public ResourceList<T> list(@Nullable String labelSelector) {
        Selector sel = labelSelector == null ? null : Selector.parse(labelSelector);
        ListResult r = ds.list(kind, 0);
        if (sel == null && namespace == null) {
            // Every item is in: the result's own immutable list, read as resources (no copy).
            return new ResourceList<>(new StoredValues<>(r.items(), type), r.revision(), r.skipped());
        }
        Object[] items = new Object[r.items().size()];
        int n = 0;
        for (Versioned v : r.items()) {
            if (inScope(v.key()) && (sel == null || sel.matches(v.value().metadata().labels()))) {
                items[n++] = typed(v);
            }
        }
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) (List<?>) Arrays.asList(items).subList(0, n);
        return new ResourceList<>(list, r.revision(), r.skipped());
    }

    @Override
    public Watch watch(long fromRevision, Watcher<T> watcher) {
        DatastoreWatch w = ds.watch(kind, fromRevision, new DatastoreListener() {
            @Override
            public void onEvent(DatastoreEvent e) {
                if (inScope(e.key())) {
                    watcher.onEvent(event(e));
                }
            }

            @Override
            public void onError(CalicoException error) {
                watcher.onError(error);
            }

            @Override
            public void onNotice(WatchNotice notice) {
                watcher.onNotice(notice);
            }
        });
        return w::close;
    }

    @Override
    public Watch watch(Watcher<T> watcher) {
        ListResult r = ds.list(kind, 0);
        for (Versioned v : r.items()) {
            if (inScope(v.key())) {
                watcher.onEvent(new WatchEvent<>(WatchEvent.Type.ADDED, typed(v), null, v.revision()));
            }
        }
        for (org.calico4j.client.SkippedValue skipped : r.skipped()) {
            watcher.onNotice(new WatchNotice(WatchNotice.Type.SKIPPED, skipped.revision(), skipped.key(), skipped.reason()));
        }
        return watch(r.revision(), watcher);
    }

    private WatchEvent<T> event(DatastoreEvent e) {
        T previous = e.previous() == null ? null : typed(e.previous());
        switch (e.type()) {
            case ADDED:
                return new WatchEvent<>(WatchEvent.Type.ADDED, typed(e.value()), null, e.revision());
            case MODIFIED:
                return new WatchEvent<>(WatchEvent.Type.MODIFIED, typed(e.value()), previous, e.revision());
            default:
                return new WatchEvent<>(WatchEvent.Type.DELETED, previous, previous, e.revision());
        }
    }

    @Override
    public ResourceClient<T> dryRun() {
        return dryRun ? this : new DefaultResourceClient<>(ds, kind, type, true, namespace, recent);
    }

    /** Randomised, growing pause between retries so that racing writers spread out. */
    static void backOff(int attempt) {
        if (attempt < 3) {
            Thread.onSpinWait();
            return;
        }
        long maxNanos = Math.min(1_000_000L << Math.min(attempt - 3, 6), 50_000_000L);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxNanos / 2, maxNanos));
    }

    private final class Named implements NamedResource<T> {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public Optional<T> get() {
            return ds.get(key(name)).map(DefaultResourceClient.this::typed);
        }

        @Override
        public T require() {
            return get().orElseThrow(() -> new NotFoundException(key(name)));
        }

        @Override
        public T edit(UnaryOperator<T> change) {
            ConflictException last = null;
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Versioned read = ds.get(key(name)).orElseThrow(() -> new NotFoundException(key(name)));
                // The update below finds what was read here and makes no second read.
                recent.remember(read);
                T current = typed(read);
                T changed = change.apply(current);
                if (!changed.name().equals(name)) {
                    throw new IllegalArgumentException("edit must not rename " + key(name) + " (to " + changed.name() + ")");
                }
                try {
                    return update(type.cast(changed.withMetadata(changed.metadata()
                            .withResourceVersion(current.metadata().resourceVersion()))));
                } catch (ConflictException e) {
                    last = e;
                    backOff(attempt);
                }
            }
            throw last;
        }

        @Override
        public T delete() {
            return deleteByName(name, 0);
        }

        @Override
        public T delete(long revision) {
            return deleteByName(name, revision);
        }
    }
}
