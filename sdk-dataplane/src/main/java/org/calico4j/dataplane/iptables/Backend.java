package org.calico4j.dataplane.iptables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.calico4j.dataplane.linux.Exec;

/**
 * Which iptables the node uses: the legacy (x_tables) or the nft-backed one, detected as Felix does
 * ({@code felix/environment/feature_detect_linux.go} {@code DetectBackend}): Kubernetes' marker chains
 * in the nft mangle table, then in the legacy one, else whichever holds more rules, legacy on a tie.
 *
 * <pre>{@code
 * Backend b = Backend.detect(Exec.in("c4j-n1"));
 * b.save(4);   // iptables-nft-save
 * }</pre>
 */
public enum Backend {
    /** The legacy (x_tables) backend: {@code iptables-legacy}. */
    LEGACY("legacy"),
    /** The nf_tables backend: {@code iptables-nft}. */
    NFT("nft");

    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    private final String mode;

    Backend(String mode) {
        this.mode = mode;
    }

    /**
     * {@code iptables-<mode>-save} (or {@code ip6tables-...}), else plain {@code iptables-save}, as
     * Felix's FindBestBinary.
     *
     * @param version 4 or 6
     * @return the program name
     */
    public String save(int version) {
        return binary(version, "save");
    }

    /**
     * The matching restore program, as {@link #save(int)} picks the save program.
     *
     * @param version 4 or 6
     * @return the program name
     */
    public String restore(int version) {
        return binary(version, "restore");
    }

    private String binary(int version, String what) {
        String v = version == 6 ? "6" : "";
        String specific = "ip" + v + "tables-" + mode + "-" + what;
        return onPath(specific) ? specific : "ip" + v + "tables-" + what;
    }

    private static boolean onPath(String name) {
        return SBIN.stream().anyMatch(d -> Files.isExecutable(Path.of(d, name)));
    }

    /**
     * The backend Felix would pick on the node {@code exec} reaches.
     *
     * @param exec runs commands on the node
     * @return the backend
     */
    public static Backend detect(Exec exec) {
        if (hasKubernetesChains(exec, NFT)) {
            return NFT;
        }
        if (hasKubernetesChains(exec, LEGACY)) {
            return LEGACY;
        }
        return rules(exec, LEGACY) >= rules(exec, NFT) ? LEGACY : NFT;
    }

    private static boolean hasKubernetesChains(Exec exec, Backend b) {
        for (int v : new int[] {6, 4}) {
            String out = exec.run(List.of(b.save(v), "-t", "mangle")).stdout();
            if (out.contains("KUBE-IPTABLES-HINT") || out.contains("KUBE-KUBELET-CANARY")) {
                return true;
            }
        }
        return false;
    }

    private static int rules(Exec exec, Backend b) {
        int n = 0;
        for (int v : new int[] {6, 4}) {
            for (String line : exec.run(List.of(b.save(v))).stdout().split("\n")) {
                if (line.startsWith("-")) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return mode;
    }
}
