/**
 * Network value types with Calico's textual rules: {@link org.calico4j.model.net.Cidr},
 * {@link org.calico4j.model.net.IpAddress}, {@link org.calico4j.model.net.AsNumber}, {@link org.calico4j.model.net.Port}.
 *
 * <pre>{@code
 * Cidr.parse("2001:DB8::/48").toString();   // "2001:db8::/48"
 * }</pre>
 */
@NullMarked
package org.calico4j.model.net;

import org.jspecify.annotations.NullMarked;
