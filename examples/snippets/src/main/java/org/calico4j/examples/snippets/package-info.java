/**
 * The README's Java snippets, each a region between {@code // tag::name[]} and
 * {@code // end::name[]} that {@code ReadmeSnippetsTest} holds equal to the README's text, and
 * whose tests run it.
 */
@NullMarked
package org.calico4j.examples.snippets;

import org.jspecify.annotations.NullMarked;
