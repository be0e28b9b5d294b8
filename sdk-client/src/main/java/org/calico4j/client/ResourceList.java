package org.calico4j.client;

import java.util.List;

import org.calico4j.model.Resource;

/**
 * The resources of one kind at one store revision; watch from {@link #revision()} to follow them.
 *
 * <pre>{@code
 * ResourceList<IpPool> pools = client.ipPools().list("env == 'prod'");
 * }</pre>
 *
 * @param items    sorted by name, each with its resourceVersion
 * @param revision the store revision the list was read at
 */
public record ResourceList<T extends Resource>(List<T> items, long revision) {
    public ResourceList {
        items = List.copyOf(items);
    }
}
