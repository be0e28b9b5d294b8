package org.calico4j.model.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SelectorTest {

    /**
     * {@code tryParse} keeps what it parsed by text: asked again, through more texts than it keeps, it answers as a
     * fresh parse does, for valid and invalid texts alike.
     */
    @Test
    void tryParseAnswersAsAFreshParseAcrossMoreTextsThanItKeeps() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3_000; i++) {
                String valid = "k" + i + " == 'v'";
                String invalid = "k" + i + " == ";
                Optional<Selector> v = Selector.tryParse(valid);
                assertEquals(Selector.parse(valid), v.orElseThrow(), valid);
                assertEquals(valid, v.orElseThrow().text());
                assertTrue(v.orElseThrow().matches(Map.of("k" + i, "v")), valid);
                assertEquals(Optional.empty(), Selector.tryParse(invalid), invalid);
                assertFalse(Selector.isValid(invalid), invalid);
            }
        }
    }

    /** "a=b,c=" -> {a: b, c: ""}; "" -> no labels. */
    private static Map<String, String> labels(String spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (!spec.isEmpty()) {
            for (String pair : spec.split(",", -1)) {
                int eq = pair.indexOf('=');
                labels.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return labels;
    }

    private static boolean matches(String selector, String labelSpec) {
        return Selector.parse(selector).matches(labels(labelSpec));
    }

    private static String canonical(String selector) {
        return Selector.parse(selector).canonical();
    }

    @Nested
    class Evaluation {

        // Cases from Calico's parser_test.go selectorTests.
        static Stream<Arguments> calicoSelectorTests() {
            return Stream.of(
                    Arguments.of("a == \"b\"", "a=b", true),
                    Arguments.of("a == \"b\"", "a=b,c=d", true),
                    Arguments.of("a == \"b\"", "", false),
                    Arguments.of("a == \"b\"", "a=c", false),
                    Arguments.of("a == \"b\"", "c=d", false),
                    Arguments.of("a == \"b\" && c == \"d\"", "a=b,c=d", true),
                    Arguments.of("a == \"b\" && c == \"d\"", "a=b,c=e", false),
                    Arguments.of("a == \"b\" && c == \"d\"", "a=b", false),
                    Arguments.of("a == \"b\" || c == \"d\"", "c=d", true),
                    Arguments.of("a == \"b\" || c == \"d\"", "a=e,c=e", false),
                    Arguments.of("a in {\"'\", '\"', \"c\"}", "a=\"", true),
                    Arguments.of("a in {\"'\", '\"', \"c\"}", "a='", true),
                    Arguments.of("a in {\"'\", '\"', \"c\"}", "a=e", false),
                    Arguments.of("a not in {\"'\", '\"', \"c\"}", "", true),
                    Arguments.of("a not in {\"'\", '\"', \"c\"}", "a=c", false),
                    Arguments.of("a != \"a\"", "", true),
                    Arguments.of("a != \"b\"", "a=a", true),
                    Arguments.of("a != 'a'", "a=a", false),
                    Arguments.of("a contains \"a\"", "a=bab", true),
                    Arguments.of("a contains \"a\"", "b=aaa", false),
                    Arguments.of("a starts with \"a\"", "a=abb", true),
                    Arguments.of("a starts with \"a\"", "a=baa", false),
                    Arguments.of("a ends with \"a\"", "a=bba", true),
                    Arguments.of("a ends with \"a\"", "a=aab", false),
                    Arguments.of("!a in {\"a\"}", "a=b", true),
                    Arguments.of("a not in {\"d\", \"e\"}", "a=a", true),
                    Arguments.of("has(a)", "a=", true),
                    Arguments.of("has(b)", "a=b", false),
                    Arguments.of("!has(a)", "b=b", true),
                    Arguments.of("a != 'a1' && !b == 'b1'", "a=a1,b=b1", false),
                    Arguments.of("!(!has(a) || has(b))", "a=a", true),
                    Arguments.of("!(has(b) || !has(a))", "a=a", true),
                    Arguments.of("a != 'a1' || b != 'b1'", "a=a1,b=b1", false),
                    Arguments.of("! a == 'a1' || ! b == 'b1'", "a=a1,b=b1", false),
                    Arguments.of("global()", "a=b", true));
        }

        @ParameterizedTest(name = "{0} on {1} -> {2}")
        @MethodSource("calicoSelectorTests")
        void evaluatesLikeCalico(String selector, String labelSpec, boolean expected) {
            assertEquals(expected, matches(selector, labelSpec));
        }

        @ParameterizedTest(name = "{0} on {1} -> {2} after canonicalising")
        @MethodSource("calicoSelectorTests")
        void canonicalFormEvaluatesTheSame(String selector, String labelSpec, boolean expected) {
            assertEquals(expected, Selector.parse(canonical(selector)).matches(labels(labelSpec)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\t", "all()", " all() ", "(all())", "global()"})
        void emptyAllAndGlobalMatchAnything(String selector) {
            assertTrue(matches(selector, ""));
            assertTrue(matches(selector, "a=b"));
        }

        @Test
        void negatedAllMatchesNothing() {
            assertFalse(matches("!all()", ""));
            assertFalse(matches("!all()", "a=b"));
        }

        @Test
        void absentLabelOnlySatisfiesNegativeOperators() {
            assertTrue(matches("a != 'x'", ""));
            assertTrue(matches("a not in {'x'}", ""));
            assertFalse(matches("a == 'x'", ""));
            assertFalse(matches("a in {'x'}", ""));
            assertFalse(matches("a contains ''", ""));
            assertFalse(matches("a starts with ''", ""));
            assertFalse(matches("a ends with ''", ""));
        }

        @Test
        void emptyValueIsPresent() {
            assertTrue(matches("has(a)", "a="));
            assertTrue(matches("a == ''", "a="));
            assertTrue(matches("a contains ''", "a="));
        }

        @Test
        void emptySetMatchesNothingAndItsNegationEverything() {
            assertFalse(matches("a in {}", "a=x"));
            assertFalse(matches("a in {}", ""));
            assertTrue(matches("a not in {}", "a=x"));
            assertTrue(matches("a not in {}", ""));
        }

        @Test
        void comparisonsAreCaseSensitive() {
            assertFalse(matches("a == 'X'", "a=x"));
            assertFalse(matches("a contains 'X'", "a=yxy"));
            assertFalse(matches("A == 'x'", "a=x"));
        }

        @Test
        void labelMappedToNullCountsAsAbsent() {
            Map<String, String> labels = new HashMap<>();
            labels.put("a", null);
            assertFalse(Selector.parse("has(a)").matches(labels));
            assertTrue(Selector.parse("a != 'x'").matches(labels));
            assertTrue(Selector.parse("a not in {'x'}").matches(labels));
        }
    }

    @Nested
    class Precedence {

        @Test
        void andBindsTighterThanOr() {
            String sel = "a == \"b\" && c != \"d\" || !has(e)";
            assertTrue(matches(sel, "a=x,c=d"));
            assertFalse(matches(sel, "a=b,c=d,e=1"));
            assertTrue(matches(sel, "a=b,c=x,e=1"));
            assertEquals("((a == \"b\" && c != \"d\") || !has(e))", canonical(sel));
        }

        @Test
        void notBindsToOneOperationOnly() {
            // !a == 'x' && b == 'y' is (!(a == 'x')) && b == 'y'
            assertTrue(matches("!a == 'x' && b == 'y'", "a=z,b=y"));
            assertFalse(matches("!a == 'x' && b == 'y'", "a=z"));
            assertEquals("(!a == \"x\" && b == \"y\")", canonical("!a == 'x' && b == 'y'"));
        }

        @Test
        void parenthesesOverrideAndOverOr() {
            assertTrue(matches("a == 'b' && (c == 'd' || has(e))", "a=b,e=1"));
            assertFalse(matches("a == 'b' && (c == 'd' || has(e))", "e=1"));
        }

        @ParameterizedTest
        @CsvSource(delimiterString = "=>", value = {
            "!has(a)     => b=y => true",
            "!!has(a)    => b=y => false",
            "!!!has(a)   => a=x => false",
            "!!!has(a)   => b=y => true",
            "!! ! has(a) => a=b => false",
            "! !!has(a)  => a=b => false"
        })
        void runsOfNotCollapseByParity(String selector, String labelSpec, boolean expected) {
            assertEquals(expected, matches(selector, labelSpec));
        }
    }

    @Nested
    class Lexing {

        @ParameterizedTest
        @ValueSource(strings = {
            "a==\"b\"",
            "a!='\"'",
            "has(a)&&has(b)",
            "has(a)||has(b)",
            "a notin{\"bar\"}&&!has(foo)||b in{\"c\"}",
            "a in{\"x\"}",
            "label contains\"value\"",
            "a startswith 'x'",
            "a endswith 'x'",
            "a notin {'x'}",
            "a starts  with 'x'",
            "a not\tin {'x'}",
            "\ta == 'b'\t",
            "has(  a  )",
            "all(  )",
            "global( )",
            "contains contains 'contains'",
            "in in {'in'}",
            "has == 'x' && all == 'y' && global == 'z' && not == 'n'",
            "startswith starts with 'value'",
            "calico/k8s_ns == \"kube-system\" && k8s-app == \"kube-dns\"",
            "has(calico/k8s_NS-.1/role)",
            "a in {'x',}",
            "a == 'x' && b == 'y' || !has(z)"
        })
        void acceptsCalicoSpellings(String selector) {
            assertTrue(Selector.isValid(selector), selector);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "a containsx \"b\"",
            "a inx {'x'}",
            "a in-x {'x'}",
            "a notinx {'x'}",
            "a starts foo 'x'",
            "a squiggles 'x'",
            "has (a)",
            "all ()",
            "global ()",
            "a == b",
            "a == 5",
            "a = 'b'",
            "a == 'b' & has(c)",
            "a == 'b' | has(c)",
            "a == \"x\"\n&& b == \"y\"",
            "a == \"x\"\r",
            "has(a) has(b)",
            "a in {,}",
            "a in {'x',,}",
            "a in {'x' 'y'}",
            "a in 'x'",
            "a == 'é' && é == 'x'"
        })
        void rejectsWhatCalicoRejects(String selector) {
            assertFalse(Selector.isValid(selector), selector);
        }

        // Calico's parser_test.go badSelectors.
        @ParameterizedTest
        @ValueSource(strings = {
            "b == b", "b contains b", "b starts with b", "b ends with b", "'b1' == b", "b",
            "a b", "!", "foo == \"bar\" &", "foo == \"bar\" |", "foo != ||", "foo in {\"\", ||",
            "foo in \"\"", "\"FOO", "\"FOO'", "'FOO", "(", "(a == \"foo\"", ")", "()", "%",
            "a == \"b\" && %", "a == \"b\" || %", "a ", "has(foo) &&"
        })
        void rejectsCalicoBadSelectors(String selector) {
            assertThrows(SelectorParseException.class, () -> Selector.parse(selector));
        }

        @Test
        void stringsHaveNoEscapes() {
            assertTrue(matches("a == \"x\\\"", "a=x\\"));
            assertTrue(matches("a == 'say \"hi\"'", "a=say \"hi\""));
            assertTrue(matches("a == \"it's\"", "a=it's"));
            assertTrue(matches("a == 'x\ny'", "a=x\ny"), "a newline inside quotes is part of the value");
        }

        @Test
        void labelsMayBe512CharactersLong() {
            String longest = "k".repeat(512);
            assertTrue(Selector.parse("has(" + longest + ")").matches(Map.of(longest, "")));
            assertTrue(Selector.isValid(longest + " == 'x'"));
        }

        @Test
        void labelOf513CharactersIsTooLong() {
            String tooLong = "k".repeat(513);
            SelectorParseException e =
                    assertThrows(SelectorParseException.class, () -> Selector.parse(tooLong + " == 'x'"));
            assertTrue(e.reason().startsWith("label too long"), e.reason());
            assertEquals(0, e.position());
            e = assertThrows(SelectorParseException.class, () -> Selector.parse("has( " + tooLong + ")"));
            assertTrue(e.reason().startsWith("label too long"), e.reason());
            assertEquals(5, e.position());
        }

        @Test
        void lexicalErrorWinsOverEarlierGrammarError() {
            SelectorParseException e =
                    assertThrows(SelectorParseException.class, () -> Selector.parse(") \"abc"));
            assertEquals("unterminated string", e.reason());
            assertEquals(2, e.position());
        }
    }

    @Nested
    class CanonicalForm {

        // Calico's parser_test.go canonicalisationTests.
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
            "``                                  => all()",
            "` all() `                           => all()",
            "` (all() )`                         => all()",
            "! (has( b)||! has(a ))              => !(has(b) || !has(a))",
            "! (a == \"b\"&&! c != \"d\")        => !(a == \"b\" && !c != \"d\")",
            "a == \"'\"                          => a == \"'\"",
            "a == '\"'                           => a == '\"'",
            "a contains '\"'                     => a contains '\"'",
            "a contains \"'\"                    => a contains \"'\"",
            "a startswith '\"'                   => a starts with '\"'",
            "a endswith \"'\"                    => a ends with \"'\"",
            "a!='\"'                             => a != '\"'",
            "a in {\"d\"}                        => a in {\"d\"}",
            "a in {\"a\", \"b\"}                 => a in {\"a\", \"b\"}",
            "a in {\"d\", \"a\", \"b\"}          => a in {\"a\", \"b\", \"d\"}",
            "a in {\"z\", \"x\", \"y\", \"a\"}   => a in {\"a\", \"x\", \"y\", \"z\"}",
            "a in {\"z\", \"z\", \"x\", \"y\", \"x\", \"a\"} => a in {\"a\", \"x\", \"y\", \"z\"}"
        })
        void matchesCalicoCanonicalisation(String input, String expected) {
            assertEquals(expected, canonical(input));
            assertEquals(expected, canonical(expected), "canonical form must round-trip");
        }

        // Calico's visitor tests, without the label prefix.
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
            "k == 'v'                   => k == \"v\"",
            "k starts with 'v'          => k starts with \"v\"",
            "k == 'v' && x == 'y'       => (k == \"v\" && x == \"y\")",
            "k == 'v' || has(x)         => (k == \"v\" || has(x))",
            "!(k == 'v')                => !k == \"v\"",
            "k not in {'v'}             => k not in {\"v\"}",
            "!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'})) => !(!((k == \"v\" && has(t)) || all()) && a in {\"b\", \"c\"})"
        })
        void matchesCalicoVisitorOutput(String input, String expected) {
            assertEquals(expected, canonical(input));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
            "!!has(a)                         => has(a)",
            "!(!has(a))                       => !!has(a)",
            "a notin {'b',}                   => a not in {\"b\"}",
            "a in {}                          => a in {}",
            "a == 'b' && c == 'd' && e == 'f' => (a == \"b\" && c == \"d\" && e == \"f\")",
            "(a == 'b' && c == 'd') && e == 'f' => ((a == \"b\" && c == \"d\") && e == \"f\")",
            "((has(a)))                       => has(a)",
            "global()                         => global()"
        })
        void groupsAndNegationsPrintAsCalicoDoes(String input, String expected) {
            assertEquals(expected, canonical(input));
        }

        @Test
        void setMembersSortInGoByteOrder() {
            // UTF-16 order would put the emoji (a surrogate pair) before U+FFFD; Go's byte order does not.
            assertEquals("a in {\"\uFFFD\", \"\uD83D\uDE00\"}", canonical("a in {'\uD83D\uDE00', '\uFFFD'}"));
        }

        @Test
        void toStringIsCanonicalAndRoundTrips() {
            Selector sel = Selector.parse("a==\"b\"&&has( c )");
            assertEquals("(a == \"b\" && has(c))", sel.toString());
            assertEquals(sel, Selector.parse(sel.toString()));
        }
    }

    @Nested
    class Errors {

        @ParameterizedTest(name = "{0} -> {2} at {1}")
        @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
            "a == b                 => 5  => expected string",
            "\"FOO                  => 0  => unterminated string",
            "a == 'x' && b == \"y   => 17 => unterminated string",
            "a = \"b\"              => 2  => expected ==",
            "foo == \"bar\" &       => 13 => expected &&",
            "foo == \"bar\" | x     => 13 => expected ||",
            "(a == \"foo\"          => 11 => expected )",
            ")                      => 0  => unexpected token: \")\"",
            "()                     => 1  => unexpected token: \")\"",
            "`a `                   => 2  => unexpected end of string looking for op",
            "b                      => 1  => unexpected end of string looking for op",
            "has(foo) &&            => 11 => unexpected token: end of selector",
            "!                      => 1  => unexpected token: end of selector",
            "'b1' == b              => 0  => unexpected token: string literal",
            "has(a) has(b)          => 7  => unexpected content at end of selector",
            "a in \"x\"             => 5  => expected set literal",
            "a in {\"x\" \"y\"}     => 10 => expected }",
            "has (a)                => 4  => expected == or != not: \"(\"",
            "a containsx \"b\"      => 2  => expected operator after label \"a\"",
            "a b                    => 2  => expected operator after label \"a\"",
            "has()                  => 4  => expected identifier",
            "has(a                  => 5  => no closing ')' after has(",
            "all(x)                 => 4  => no closing ')' after all(",
            "global(                => 7  => no closing ')' after global(",
            "%                      => 0  => expected identifier",
            "a == \"b\" && %        => 12 => expected identifier"
        })
        void reportCalicoReasonAndPosition(String selector, int position, String reason) {
            SelectorParseException e =
                    assertThrows(SelectorParseException.class, () -> Selector.parse(selector));
            assertEquals(reason, e.reason());
            assertEquals(position, e.position());
            assertEquals(selector, e.selector());
            assertTrue(e.getMessage().contains(reason), e.getMessage());
            assertTrue(e.getMessage().contains("position " + position), e.getMessage());
        }

        @Test
        void newlineIsNotWhitespace() {
            SelectorParseException e = assertThrows(SelectorParseException.class,
                    () -> Selector.parse("a == \"x\"\n&& b == \"y\""));
            assertEquals("expected identifier", e.reason());
            assertEquals(8, e.position());
            assertFalse(e.getMessage().contains("\n"), "control characters are escaped in the message");
        }

        @Test
        void messageQuotesTheSelectorAndAnExcerpt() {
            SelectorParseException e =
                    assertThrows(SelectorParseException.class, () -> Selector.parse("a == b && c == 'd'"));
            assertEquals(
                    "Invalid selector \"a == b && c == 'd'\": expected string at position 5 (near \"b && c == 'd'\")",
                    e.getMessage());
        }

        @Test
        void errorAtEndSaysSo() {
            SelectorParseException e =
                    assertThrows(SelectorParseException.class, () -> Selector.parse("(a == 'b'"));
            assertTrue(e.getMessage().endsWith("at position 9 (at end of selector)"), e.getMessage());
        }
    }

    @Nested
    class Api {

        @Test
        void textKeepsTheOriginalSpelling() {
            assertEquals("a==\"b\"", Selector.parse("a==\"b\"").text());
            assertEquals("", Selector.parse("").text());
        }

        @Test
        void equalityFollowsCanonicalForm() {
            assertEquals(Selector.parse("a in {'y', 'x', 'x'}"), Selector.parse("a in {\"x\",\"y\",}"));
            assertEquals(Selector.parse("a in {'y', 'x'}").hashCode(), Selector.parse("a in {'x','y'}").hashCode());
            assertEquals(Selector.all(), Selector.parse(""));
            assertEquals(Selector.all(), Selector.parse("(all())"));
            assertNotEquals(Selector.parse("has(a)"), Selector.parse("has(b)"));
            assertNotEquals(Selector.all(), Selector.parse("global()"));
        }

        @Test
        void allSelectsEverything() {
            Selector all = Selector.all();
            assertEquals("all()", all.canonical());
            assertEquals("all()", all.text());
            assertTrue(all.isAll());
            assertTrue(all.matches(Map.of()));
            assertTrue(Selector.parse(" \t").isAll());
            assertFalse(Selector.parse("!all()").isAll());
            assertFalse(Selector.parse("global()").isAll());
        }

        @Test
        void tryParseAndIsValidDoNotThrow() {
            assertEquals(Optional.empty(), Selector.tryParse("a == b"));
            assertEquals("has(a)", Selector.tryParse("has( a )").orElseThrow().canonical());
            assertTrue(Selector.isValid("has(a)"));
            assertFalse(Selector.isValid("has(a"));
        }

        @Test
        void labelsReferencedListsEachLabelOnceInOrder() {
            Selector sel = Selector.parse("b == 'x' || has(a) && !c in {'y'} || b != 'z'");
            assertEquals(List.of("b", "a", "c"), List.copyOf(sel.labelsReferenced()));
            assertEquals(Set.of(), Selector.parse("all() && global()").labelsReferenced());
        }

        @Test
        void parseErrorIsACalicoException() {
            assertThrows(org.calico4j.model.CalicoException.class, () -> Selector.parse("a =="));
        }
    }
}
