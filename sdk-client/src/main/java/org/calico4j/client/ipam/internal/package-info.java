/** The IPAM engine behind {@link org.calico4j.client.ipam.Ipam}; not for users. */
@NullMarked
package org.calico4j.client.ipam.internal;

import org.jspecify.annotations.NullMarked;
