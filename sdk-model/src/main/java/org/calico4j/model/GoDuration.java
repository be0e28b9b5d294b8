package org.calico4j.model;

import java.time.Duration;

/**
 * A Kubernetes {@code metav1.Duration}: Go's duration syntax on input ({@code 90s}, {@code 1h30m},
 * {@code 1.5s}) and Go's canonical form on output ({@code 120s} prints as {@code 2m0s}).
 *
 * <pre>{@code
 * GoDuration.parse("120s").toString();           // "2m0s"
 * GoDuration.of(Duration.ofSeconds(5)).toString(); // "5s"
 * }</pre>
 */
public final class GoDuration implements Comparable<GoDuration> {
    private final long nanos;

    private GoDuration(long nanos) {
        this.nanos = nanos;
    }

    /**
     * A Go duration of a Java one.
     *
     * @param d the duration
     * @return the Go duration
     */
    public static GoDuration of(Duration d) {
        return new GoDuration(d.toNanos());
    }

    /**
     * A Go duration of {@code nanos} nanoseconds (Go's {@code time.Duration} unit).
     *
     * @param nanos the nanoseconds
     * @return the Go duration
     */
    public static GoDuration ofNanos(long nanos) {
        return new GoDuration(nanos);
    }

    /**
     * Parses Go's syntax; the message on failure is Go's ({@code time: invalid duration "x"}).
     *
     * @param s Go syntax, e.g. {@code 1h30m}, {@code 250ms}
     * @return the duration
     * @throws IllegalArgumentException with Go's message
     */
    public static GoDuration parse(String s) {
        String orig = s;
        int i = 0;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return new GoDuration(0);
        }
        if (i == s.length()) {
            throw invalid(orig);
        }
        double total = 0;
        while (i < s.length()) {
            int start = i;
            long whole = 0;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                whole = Math.addExact(Math.multiplyExact(whole, 10), s.charAt(i) - '0');
                i++;
            }
            boolean pre = i > start;
            double frac = 0;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                double scale = 0.1;
                int fs = i;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    frac += (s.charAt(i) - '0') * scale;
                    scale /= 10;
                    i++;
                }
                post = i > fs;
            }
            if (!pre && !post) {
                throw invalid(orig);
            }
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
                i++;
            }
            if (us == i) {
                throw new IllegalArgumentException("time: missing unit in duration \"" + orig + "\"");
            }
            String unit = s.substring(us, i);
            long mult = unitNanos(unit);
            if (mult < 0) {
                throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + orig + "\"");
            }
            total += whole * (double) mult + frac * mult;
            if (total > Long.MAX_VALUE) {
                throw invalid(orig);
            }
        }
        long n = Math.round(total);
        return new GoDuration(neg ? -n : n);
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("time: invalid duration \"" + s + "\"");
    }

    private static long unitNanos(String u) {
        switch (u) {
            case "ns": return 1L;
            case "us":
            case "\u00b5s":
            case "\u03bcs": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60_000_000_000L;
            case "h": return 3_600_000_000_000L;
            default: return -1;
        }
    }

    /**
     * This duration as a Java one.
     *
     * @return the duration
     */
    public Duration toDuration() {
        return Duration.ofNanos(nanos);
    }

    /**
     * This duration in nanoseconds.
     *
     * @return the nanoseconds
     */
    public long toNanos() {
        return nanos;
    }

    @Override
    public int compareTo(GoDuration o) {
        return Long.compare(nanos, o.nanos);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoDuration && ((GoDuration) o).nanos == nanos;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(nanos);
    }

    /** Go's {@code Duration.String()}: {@code 2m0s}, {@code 1h0m0s}, {@code 1.5s}, {@code 300ms}, {@code 0s}. */
    @Override
    public String toString() {
        if (nanos == 0) {
            return "0s";
        }
        boolean neg = nanos < 0;
        // Long.MIN_VALUE cannot be negated; Go prints it via unsigned arithmetic, so do the same.
        long u = neg ? -nanos : nanos;
        StringBuilder sb = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            String unit;
            int prec;
            if (u < 1_000L) {
                return (neg ? "-" : "") + u + "ns";
            } else if (u < 1_000_000L) {
                unit = "\u00b5s";
                prec = 3;
            } else {
                unit = "ms";
                prec = 6;
            }
            sb.append(fraction(u, prec)).append(unit);
        } else {
            long secsTotal = Long.divideUnsigned(u, 1_000_000_000L);
            long frac = Long.remainderUnsigned(u, 1_000_000_000L);
            long h = secsTotal / 3600;
            long m = (secsTotal / 60) % 60;
            long sec = secsTotal % 60;
            if (h > 0) {
                sb.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                sb.append(m).append('m');
            }
            sb.append(sec);
            appendFraction(sb, frac, 9);
            sb.append('s');
        }
        return (neg ? "-" : "") + sb;
    }

    private static String fraction(long v, int prec) {
        long pow = 1;
        for (int i = 0; i < prec; i++) {
            pow *= 10;
        }
        StringBuilder sb = new StringBuilder().append(v / pow);
        appendFraction(sb, v % pow, prec);
        return sb.toString();
    }

    private static void appendFraction(StringBuilder sb, long frac, int prec) {
        if (frac == 0) {
            return;
        }
        String digits = String.format("%0" + prec + "d", frac);
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        sb.append('.').append(digits, 0, end);
    }
}
