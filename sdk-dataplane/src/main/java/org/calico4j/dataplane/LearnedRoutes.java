package org.calico4j.dataplane;

import org.calico4j.model.net.Cidr;

/**
 * Which prefixes BGP delivered to a node. In Calico, BIRD (not Felix) programs the routes to other
 * nodes' blocks for IPIP and unencapsulated pools, and only for prefixes the node learned from a BGP
 * peer; a dataplane that stands in for the kernel without running BIRD asks this source. Without one
 * ({@link #ASSUME_DELIVERED}) every such route is assumed delivered, as in a working full mesh, and a
 * verdict that uses one says so. VXLAN routes are Felix's and never depend on it.
 *
 * <pre>{@code
 * NodeAgent.builder().client(client).node("n1").dataplane(dp)
 *         .learnedRoutes((node, prefix) -> fabric.learned(node, prefix)).start();
 * }</pre>
 *
 * <p>Implementations are thread-safe and quick: a dataplane asks during packet evaluation.
 */
@FunctionalInterface
public interface LearnedRoutes {
    /** The default: BGP is assumed to have delivered every prefix BIRD would program (verdicts say so). */
    LearnedRoutes ASSUME_DELIVERED = (node, prefix) -> true;

    /**
     * Whether {@code node} learned {@code prefix} over BGP (so BIRD programs a route for it).
     *
     * @param node   the node's name
     * @param prefix the route's destination
     * @return true when the node learned it
     */
    boolean learned(String node, Cidr prefix);

    /**
     * Whether a route exists only when BGP delivered its prefix: BIRD programs it and Felix does not.
     *
     * @param r the route
     * @return true for a BIRD-owned route to another node's block or borrowed address
     */
    static boolean dependsOnBgp(RouteInfo r) {
        return r.owner() == RouteOwner.BIRD && (r.type() == RouteType.REMOTE_BLOCK || r.type() == RouteType.REMOTE_BORROWED);
    }

    /**
     * {@code node}'s tables as the kernel holds them: without the routes BIRD would program for prefixes this
     * source says the node did not learn ({@code all} itself with {@link #ASSUME_DELIVERED}).
     *
     * @param all  the node's tables, with every route BIRD would program
     * @param node the node's name, as this source knows it
     * @return the filtered view
     */
    default NodeTables kernelTables(NodeTables all, String node) {
        return this == ASSUME_DELIVERED ? all : all.withRoutes(r -> !dependsOnBgp(r) || learned(node, r.cidr()));
    }
}
