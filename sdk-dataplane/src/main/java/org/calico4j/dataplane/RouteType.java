package org.calico4j.dataplane;

/**
 * What a route leads to (Felix's route types).
 *
 * <pre>{@code
 * if (route.type() == RouteType.REMOTE_BLOCK) ...
 * }</pre>
 */
public enum RouteType {
    /** A workload on this node ({@code /32} or {@code /128} on its {@code cali} interface). */
    LOCAL_WORKLOAD,
    /** A block affine to this node: blackholed, so unassigned addresses go nowhere. */
    LOCAL_BLOCK,
    /** A block affine to another node. */
    REMOTE_BLOCK,
    /** One address borrowed from a block, used by a workload on another node than the block's. */
    REMOTE_BORROWED
}
