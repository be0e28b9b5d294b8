/**
 * calicoctl manifests: strict reading of every accepted form, and calicoctl-style output.
 *
 * <pre>{@code
 * Manifest m = Manifest.read(Path.of("pools.yaml"));
 * }</pre>
 */
@NullMarked
package org.calico4j.model.manifest;

import org.jspecify.annotations.NullMarked;
