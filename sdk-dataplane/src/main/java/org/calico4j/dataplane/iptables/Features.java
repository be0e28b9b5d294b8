package org.calico4j.dataplane.iptables;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the iptables in use supports, detected as Felix does ({@code felix/environment/feature_detect_linux.go}):
 * {@code --random-fully} on MASQUERADE needs iptables 1.6.2 and kernel 3.14, on SNAT iptables 1.6.0 and kernel 3.14.
 * Rule text (and so rule hashes) depends on it.
 *
 * <pre>{@code
 * Features f = Features.detect("iptables v1.8.9 (nf_tables)", "6.1.0-18-amd64");   // random-fully on both
 * }</pre>
 *
 * @param masqRandomFully MASQUERADE rules get {@code --random-fully}
 * @param snatRandomFully SNAT rules get {@code --random-fully}
 */
public record Features(boolean masqRandomFully, boolean snatRandomFully) {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /**
     * Both {@code --random-fully} flags on (any iptables and kernel of the last decade).
     *
     * @return the {@code modern} value
     */
    public static Features modern() {
        return new Features(true, true);
    }

    /**
     * From {@code iptables --version} output and the kernel release ({@code /proc/sys/kernel/osrelease}).
     *
     * @param iptablesVersion {@code iptables --version} output
     * @param kernelRelease   the kernel release
     * @return the features Felix would use
     */
    public static Features detect(String iptablesVersion, String kernelRelease) {
        int ipt = version(iptablesVersion.replaceFirst("^[^v]*v", ""));
        int kernel = version(kernelRelease);
        boolean kernelOk = kernel >= encode(3, 14, 0);
        return new Features(kernelOk && ipt >= encode(1, 6, 2), kernelOk && ipt >= encode(1, 6, 0));
    }

    private static int version(String text) {
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            return 0;
        }
        return encode(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    private static int encode(int major, int minor, int patch) {
        return major * 1_000_000 + Math.min(minor, 999) * 1000 + Math.min(patch, 999);
    }
}
