package org.calico4j.dataplane.bgp;

/**
 * Marks a collection of this package that is immutable and computed on demand from shared state (a mesh's sessions
 * and tunnel peers): {@link BgpIntent.Family} keeps it as it is instead of copying it, which for a mesh of n nodes
 * would hold n² entries.
 */
interface ImmutableView {
}
