/**
 * Calico's label selector language: parse once, then match label maps.
 *
 * <pre>{@code
 * Selector sel = Selector.parse("role == 'db' && !has(deprecated)");
 * boolean hit = sel.matches(Map.of("role", "db"));   // true
 * }</pre>
 *
 * <p>The grammar, lexing quirks, error wording, evaluation and canonical string form follow
 * {@code libcalico-go/lib/selector} of Calico v3.32.1 ({@code tokenizer.go}, {@code parser.go},
 * {@code ast.go}). Selectors are used by {@code nodeSelector}, {@code peerSelector},
 * {@code namespaceSelector} and friends; context rules such as "no {@code global()} in an IPPool
 * selector" belong to the validator, not to this package.
 */
@NullMarked
package org.calico4j.model.selector;

import org.jspecify.annotations.NullMarked;
