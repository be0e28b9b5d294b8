/**
 * Reserved for the calico4j testkit; the issue that builds it has not landed yet.
 */
package org.calico4j.testkit;
