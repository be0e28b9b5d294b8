/** Shared helpers of the dataplane implementations; not for users. */
@NullMarked
package org.calico4j.dataplane.internal;

import org.jspecify.annotations.NullMarked;
