package org.calico4j.model.internal;

import java.util.ArrayList;
import java.util.List;

/** Decode problems of one document, worded as calicoctl prints them. */
public final class DecodeErrors {
    private final List<String> messages = new ArrayList<>();

    public void add(String message) {
        messages.add(message);
    }

    /** calicoctl rewrites Go's {@code unknown field "x"} into this sentence. */
    public void unknownField(String name) {
        messages.add("field in document is not recognized or is in the wrong location: " + name);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }
}
