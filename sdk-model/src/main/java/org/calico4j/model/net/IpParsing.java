package org.calico4j.model.net;

import org.jspecify.annotations.Nullable;

/**
 * Go {@code net.ParseIP} / {@code net.ParseCIDR} textual rules, which Calico applies to every
 * address it accepts: dotted-quad IPv4 without leading zeros, RFC 4291 IPv6 (optionally ending
 * in a dotted quad), no zones, no shorthand forms.
 */
final class IpParsing {
    private IpParsing() {
    }

    /** Returns 4 or 16 bytes, or null when Go would not parse {@code s} as an IP address. */
    static byte @Nullable [] parseIp(String s) {
        if (s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ':') {
                return parseIpv6(s);
            }
        }
        return parseIpv4(s, 0, s.length());
    }

    static byte @Nullable [] parseIpv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            if (i >= to) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 4) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    static byte @Nullable [] parseIpv6(String s) {
        byte[] out = new byte[16];
        int len = s.length();
        int ellipsis = -1;
        int i = 0;
        if (len >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
            ellipsis = 0;
            i = 2;
            if (i == len) {
                return out;
            }
        }
        int j = 0;
        while (j < 16) {
            int start = i;
            int value = 0;
            while (i < len && i - start < 5) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    break;
                }
                value = value * 16 + d;
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return null;
            }
            if (i < len && s.charAt(i) == '.') {
                // Embedded IPv4 in the last 32 bits.
                if (ellipsis < 0 && j != 12) {
                    return null;
                }
                if (j + 4 > 16) {
                    return null;
                }
                byte[] v4 = parseIpv4(s, start, len);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, j, 4);
                j += 4;
                i = len;
                break;
            }
            out[j++] = (byte) (value >> 8);
            out[j++] = (byte) value;
            if (i == len) {
                break;
            }
            if (s.charAt(i) != ':' || i + 1 == len) {
                return null;
            }
            i++;
            if (s.charAt(i) == ':') {
                if (ellipsis >= 0) {
                    return null;
                }
                ellipsis = j;
                i++;
                if (i == len) {
                    break;
                }
            }
        }
        if (i != len) {
            return null;
        }
        if (j < 16) {
            if (ellipsis < 0) {
                return null;
            }
            int n = 16 - j;
            for (int k = j - 1; k >= ellipsis; k--) {
                out[k + n] = out[k];
            }
            for (int k = ellipsis + n - 1; k >= ellipsis; k--) {
                out[k] = 0;
            }
        } else if (ellipsis >= 0) {
            // "::" must stand for at least one group.
            return null;
        }
        return out;
    }

    /** Go's {@code IP.String()}: dotted quad, or RFC 5952 lower-case IPv6 with the longest zero run compressed. */
    static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int g = 0; g < 8; ) {
            if (group(a, g) == 0) {
                int start = g;
                while (g < 8 && group(a, g) == 0) {
                    g++;
                }
                if (g - start > bestLen && g - start >= 2) {
                    bestStart = start;
                    bestLen = g - start;
                }
            } else {
                g++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                sb.append("::");
                g += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(a, g)));
        }
        return sb.toString();
    }

    private static int group(byte[] a, int g) {
        return ((a[2 * g] & 0xff) << 8) | (a[2 * g + 1] & 0xff);
    }

    static int parsePrefix(String s, int bits) {
        if (s.isEmpty() || s.length() > 4) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n <= bits ? n : -1;
    }
}
