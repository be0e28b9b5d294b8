package org.calico4j.dataplane;

/**
 * How a dataplane is doing: deltas and resyncs applied, and whether it is usable.
 *
 * <pre>{@code
 * dp.status().deltasApplied();
 * }</pre>
 *
 * @param deltasApplied deltas applied since it was opened
 * @param resyncs       full resyncs applied
 * @param healthy       false after a failure it could not recover from, or after close
 * @param detail        a short description
 */
public record DataplaneStatus(long deltasApplied, long resyncs, boolean healthy, String detail) {
}
