/**
 * The one way calico4j runs host commands: argument lists (no shell), timeouts, captured output.
 *
 * <pre>{@code
 * CommandRunner.Result r = CommandRunner.system().run(List.of("/usr/sbin/bird", "-p", "-c", conf), Duration.ofSeconds(10));
 * }</pre>
 */
@NullMarked
package org.calico4j.dataplane.linux;

import org.jspecify.annotations.NullMarked;
