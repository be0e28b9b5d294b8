package org.calico4j.client.internal;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

import org.calico4j.client.spi.Versioned;
import org.calico4j.model.Resource;

/**
 * The values of a datastore list as resources of one type, read through on access: a list of everything a
 * {@link org.calico4j.client.spi.ListResult} holds, without copying it. Unmodifiable, as the result it reads is.
 *
 * @param <T> the resource type
 */
public final class StoredValues<T extends Resource> extends AbstractList<T> implements RandomAccess {
    private final List<Versioned> items;
    private final Class<T> type;

    /**
     * @param items a datastore list's items (immutable, as {@link org.calico4j.client.spi.ListResult} keeps them), all of {@code type}
     * @param type  their resource type
     */
    public StoredValues(List<Versioned> items, Class<T> type) {
        this.items = Objects.requireNonNull(items, "items");
        this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public T get(int index) {
        return type.cast(items.get(index).value());
    }

    @Override
    public int size() {
        return items.size();
    }
}
