package org.calico4j.model.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The hand-written name check agrees with the regular expression it replaces on every string up to length 6 over a small alphabet. */
class GoChecksNameTest {
    private static final char[] ALPHABET = {'a', 'z', '0', '9', '-', '.', 'A', '_'};

    @Test
    void agreesWithTheRegularExpressionOnEveryShortString() {
        int checked = 0;
        for (int len = 0; len <= 6; len++) {
            int[] digits = new int[len];
            while (true) {
                char[] c = new char[len];
                for (int i = 0; i < len; i++) {
                    c[i] = ALPHABET[digits[i]];
                }
                String s = new String(c);
                assertEquals(GoChecks.NAME.matcher(s).matches(), GoChecks.name(s), "'" + s + "'");
                checked++;
                int i = len - 1;
                while (i >= 0 && ++digits[i] == ALPHABET.length) {
                    digits[i--] = 0;
                }
                if (i < 0) {
                    break;
                }
            }
        }
        assertEquals(299_593, checked);
        for (String s : new String[] {"default", "k8s-pod-network.w0-1", "node-1.example.com", "a.-b", "a-.b", "-a", "a-", "a..b", ".a", "a."}) {
            assertEquals(GoChecks.NAME.matcher(s).matches(), GoChecks.name(s), s);
        }
    }
}
