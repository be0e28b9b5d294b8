/**
 * Reserved for the calico4j dataplane; the issue that builds it has not landed yet.
 */
package org.calico4j.dataplane;
