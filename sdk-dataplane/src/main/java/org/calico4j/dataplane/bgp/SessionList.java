package org.calico4j.dataplane.bgp;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A node's sessions sorted by name when it is in the node-to-node mesh: its own sessions named before the mesh's,
 * the mesh's (a view over the mesh shared by every member, each session made when asked for), then the rest. A
 * mesh of n nodes has n² sessions; held this way it takes memory for n. Immutable.
 */
final class SessionList extends AbstractList<BgpSession> implements RandomAccess, ImmutableView {
    private final List<BgpSession> before;
    private final List<BgpSession> mesh;
    private final List<BgpSession> after;
    private final MeshSessions part;

    /**
     * @param before the node's own sessions named before every mesh session (immutable)
     * @param mesh   the mesh sessions, sorted by name (an immutable view)
     * @param after  the node's own sessions named after them (immutable)
     */
    SessionList(List<BgpSession> before, List<BgpSession> mesh, List<BgpSession> after, MeshSessions part) {
        this.before = List.copyOf(before);
        this.mesh = mesh;
        this.after = List.copyOf(after);
        this.part = part;
    }

    /** {@return the mesh part, read without making sessions} */
    MeshSessions part() {
        return part;
    }

    /** {@return the mesh part} */
    List<BgpSession> mesh() {
        return mesh;
    }

    /** {@return the node's own sessions (all but the mesh's), in order} */
    List<BgpSession> own() {
        List<BgpSession> out = new java.util.ArrayList<>(before);
        out.addAll(after);
        return out;
    }

    @Override
    public BgpSession get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("session " + index + " of " + size());
        }
        if (index < before.size()) {
            return before.get(index);
        }
        int i = index - before.size();
        return i < mesh.size() ? mesh.get(i) : after.get(i - mesh.size());
    }

    @Override
    public int size() {
        return before.size() + mesh.size() + after.size();
    }
}
