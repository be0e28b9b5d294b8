package org.calico4j.dataplane.bgp;

import java.util.List;

import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.IpAddress;

/**
 * The node-to-node mesh part of a member's {@link BgpIntent.Family#sessions()}, read without making its sessions. A
 * mesh of n members has n² sessions; a simulator connecting every member reads them here: each session's peer as a
 * position in one list of the mesh's members ({@link #members()}, the same object for every member of a mesh computed
 * together, so what is looked up per member can be looked up once per mesh) and its peer AS.
 *
 * <pre>{@code
 * MeshSessions m = family.mesh().orElseThrow();
 * BgpSession s = family.sessions().get(m.start() + k);   // as m.session(k)
 * s.peerIp().equals(m.members().get(m.member(k)));      // true
 * s.peerAs().equals(m.peerAs(k));                        // true
 * }</pre>
 */
public final class MeshSessions {
    private final int start;
    private final List<IpAddress> members;
    private final MeshPeers peers;

    /** A member's mesh sessions: what a view answers without making a session, and the session when asked for. */
    interface MeshPeers {
        int size();

        int member(int k);

        AsNumber peerAs(int k);

        BgpSession get(int k);
    }

    MeshSessions(int start, List<IpAddress> members, MeshPeers peers) {
        this.start = start;
        this.members = members;
        this.peers = peers;
    }

    /** {@return where the mesh sessions start in {@code sessions()}} */
    public int start() {
        return start;
    }

    /** {@return how many mesh sessions the member has} */
    public int size() {
        return peers.size();
    }

    /**
     * The addresses of the mesh's members in session-name order, the member itself included: one immutable list shared by
     * every member's {@code MeshSessions} of one computation.
     *
     * @return the members' addresses
     */
    public List<IpAddress> members() {
        return members;
    }

    /**
     * The peer of mesh session {@code k}.
     *
     * @param k 0 to {@link #size()} - 1
     * @return its position in {@link #members()}
     */
    public int member(int k) {
        java.util.Objects.checkIndex(k, size());
        return peers.member(k);
    }

    /**
     * The peer AS of mesh session {@code k}: the peer's own AS, else the member's (confd's fallback).
     *
     * @param k 0 to {@link #size()} - 1
     * @return {@code session(k).peerAs()}
     */
    public AsNumber peerAs(int k) {
        java.util.Objects.checkIndex(k, size());
        return peers.peerAs(k);
    }

    /**
     * Mesh session {@code k} itself (made when asked for).
     *
     * @param k 0 to {@link #size()} - 1
     * @return {@code sessions().get(start() + k)}
     */
    public BgpSession session(int k) {
        return peers.get(k);
    }
}
