/** The testkit's internals: not for users, may change without notice. */
@NullMarked
package org.calico4j.testkit.internal;

import org.jspecify.annotations.NullMarked;
