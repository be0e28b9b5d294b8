package org.calico4j.client.internal;

import java.time.Instant;

/**
 * The creation time the client stamps on a created object, as the API server does: now, to the second, as RFC 3339
 * text. Creates within one second share one formatted text.
 */
final class CreationTimes {
    /** The last second's text and its epoch second. */
    private record Second(long epochSecond, String text) {
    }

    private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    private CreationTimes() {
    }

    /** {@return now, to the second, as RFC 3339 text ({@code 2026-12-05T06:44:57Z})} */
    static String now() {
        long now = Instant.now().getEpochSecond();
        Second last = lastSecond;
        if (last.epochSecond() != now) {
            last = new Second(now, Instant.ofEpochSecond(now).toString());
            lastSecond = last;
        }
        return last.text();
    }
}
