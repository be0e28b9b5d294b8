package org.calico4j.dataplane.bgp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.BgpFilter;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one node's BIRD in step with the resources BGP reads: fed the node agent's changes, it renders
 * the node's configuration again when one of them changes and applies it when the text differs.
 *
 * <pre>{@code
 * NodeAgent.builder().client(client).node("n1").dataplane(dp).bird(controller, secrets).start();
 * }</pre>
 *
 * <p>Not thread-safe: the node agent calls it from its one thread.
 */
public final class BgpDriver {
    /** The kinds BGP reads (block affinities too: a block being released is blackholed but no longer aggregated). */
    public static final List<Kind> KINDS = BgpIntents.INPUTS;

    private final String node;
    private final BirdController bird;
    private final SecretResolver secrets;
    private final Map<ResourceKey, Resource> cache = new HashMap<>();
    private @Nullable String applied;
    private boolean dirty;

    /**
     * A driver keeping {@code bird} configured for {@code node}.
     *
     * @param node    the Node name
     * @param bird    the BIRD to configure (the caller closes it)
     * @param secrets resolves BGP passwords
     */
    public BgpDriver(String node, BirdController bird, SecretResolver secrets) {
        this.node = Objects.requireNonNull(node, "node");
        this.bird = Objects.requireNonNull(bird, "bird");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** Forgets everything (before a re-list). */
    public void reset() {
        cache.clear();
        dirty = true;
    }

    /**
     * Records one change; returns whether BGP reads its kind.
     *
     * @param key   the resource changed
     * @param value its new value, or null when deleted
     * @return true when the kind is one BGP reads ({@link #KINDS})
     */
    public boolean update(ResourceKey key, @Nullable Resource value) {
        if (!KINDS.contains(key.kind())) {
            return false;
        }
        if (value == null) {
            cache.remove(key);
        } else {
            cache.put(key, value);
        }
        dirty = true;
        return true;
    }

    /**
     * {@return the node's configuration as the recorded resources give it}
     */
    public String render() {
        Map<String, BgpIntent> all = BgpIntents.compute(cache.values(), secrets);
        BgpIntent mine = all.get(node);
        if (mine == null) {
            throw new IllegalStateException("node " + node + " does not exist: no BGP configuration to render");
        }
        List<BgpFilter> filters = new ArrayList<>();
        cache.values().stream().filter(r -> r instanceof BgpFilter).forEach(r -> filters.add((BgpFilter) r));
        return BirdConfig.render(mine, filters);
    }

    /**
     * Renders and applies when something changed and the text differs from what BIRD runs; returns whether it applied.
     *
     * @return the {@code sync} flag
     */
    public boolean sync() {
        if (!dirty) {
            return false;
        }
        dirty = false;
        String conf = render();
        if (conf.equals(applied) && bird.running()) {
            return false;
        }
        bird.apply(conf);
        applied = conf;
        return true;
    }
}
