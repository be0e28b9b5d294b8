/**
 * Reserved for the calico4j client; the issue that builds it has not landed yet.
 */
package org.calico4j.client;
