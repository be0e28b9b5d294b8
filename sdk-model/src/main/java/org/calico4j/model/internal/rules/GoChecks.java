package org.calico4j.model.internal.rules;

import java.util.regex.Pattern;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.model.selector.Selector;

/** The field validators Calico registers ({@code net}, {@code cidrv4}, {@code ipv4}, {@code selector}...). */
final class GoChecks {
    static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    static final String NAME_REGEX_TEXT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final Pattern MAC = Pattern.compile(
            "([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}|([0-9A-Fa-f]{2}[:-]){7}[0-9A-Fa-f]{2}|([0-9A-Fa-f]{2}[:-]){19}[0-9A-Fa-f]{2}"
                    + "|([0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}|([0-9A-Fa-f]{4}\\.){3}[0-9A-Fa-f]{4}|([0-9A-Fa-f]{4}\\.){9}[0-9A-Fa-f]{4}");

    private GoChecks() {
    }

    /**
     * Whether {@code s} matches {@link #NAME} (dot-separated labels of lower-case letters, digits and inner hyphens), checked
     * by hand: every WorkloadEndpoint's names go through it, and the regular expression was a tenth of a create's cost.
     */
    static boolean name(String s) {
        int n = s.length();
        boolean labelStart = true;
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (labelStart || prev == '-') {
                    return false;
                }
                labelStart = true;
            } else if (c == '-') {
                if (labelStart) {
                    return false;
                }
            } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                labelStart = false;
            } else {
                return false;
            }
            prev = c;
        }
        return !labelStart && prev != '-';
    }

    /** {@code net}: a strictly masked CIDR or a bare IP. */
    static boolean net(String s) {
        return Cidr.tryParseCidrOrIp(s).map(Cidr::isStrictlyMasked).orElse(false);
    }

    /** {@code cidr}: any CIDR (host bits allowed) or a bare IP. */
    static boolean cidr(String s) {
        return Cidr.tryParseCidrOrIp(s).isPresent();
    }

    static boolean cidrV4(String s) {
        return Cidr.tryParseCidrOrIp(s).map(c -> c.version() == 4).orElse(false);
    }

    static boolean cidrV6(String s) {
        return Cidr.tryParseCidrOrIp(s).map(c -> c.version() == 6).orElse(false);
    }

    static boolean ipv4(String s) {
        return IpAddress.tryParse(s).map(a -> a.version() == 4 || isV4Mapped(a)).orElse(false);
    }

    static boolean ipv6(String s) {
        return IpAddress.tryParse(s).map(a -> a.version() == 6 && !isV4Mapped(a)).orElse(false);
    }

    /** Go's {@code To4()} also accepts {@code ::ffff:a.b.c.d}. */
    private static boolean isV4Mapped(IpAddress a) {
        byte[] b = a.toBytes();
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    static boolean ip(String s) {
        return IpAddress.isValid(s);
    }

    static boolean selector(String s) {
        return Selector.isValid(s);
    }

    static boolean mac(String s) {
        return MAC.matcher(s).matches();
    }
}
