/** Not part of calico4j's API: may change without notice. */
@NullMarked
package org.calico4j.client.internal;

import org.jspecify.annotations.NullMarked;
