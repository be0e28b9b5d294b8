package org.calico4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({"120s, 2m0s", "125s, 2m5s", "9910s, 2h45m10s", "1h30m, 1h30m0s", "1.5s, 1.5s", "300ms, 300ms",
            "0, 0s", "1500us, 1.5ms", "90m, 1h30m0s", "-5s, -5s", "1h, 1h0m0s", "2ns, 2ns"})
    void printsGoCanonicalForm(String in, String out) {
        assertEquals(out, GoDuration.parse(in).toString());
        assertEquals(GoDuration.parse(in), GoDuration.parse(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "120", "s", "1x", "1.s.", "--1s", "1h 2m"})
    void rejectsWhatGoRejectsWithGoWording(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad));
        assertEquals(true, e.getMessage().startsWith("time: "), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void convertsToJavaTime() {
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s").toDuration());
        assertEquals("5s", GoDuration.of(Duration.ofSeconds(5)).toString());
    }
}
