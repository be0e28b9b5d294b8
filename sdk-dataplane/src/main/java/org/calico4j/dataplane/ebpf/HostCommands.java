package org.calico4j.dataplane.ebpf;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;
import org.jspecify.annotations.Nullable;

/**
 * {@code ip}, {@code tc} and {@code iptables} for one node, in its network namespace when it has one
 * ({@code ip -n}, {@code tc -n}, {@code ip netns exec} for iptables), through the {@link CommandRunner}.
 * Interface names are checked before they reach a command.
 */
final class HostCommands {
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Our filter's place on the clsact ingress hook, so that detaching removes only ours. */
    static final String PREF = "49152";
    static final String HANDLE = "0xc4";

    private final @Nullable String netns;
    private final CommandRunner runner = CommandRunner.system();

    HostCommands(@Nullable String netns) {
        this.netns = netns == null ? null : Netns.checkName(netns);
    }

    @Nullable String netns() {
        return netns;
    }

    static String checkInterface(String iface, String workload) {
        if (!IFACE.matcher(iface).matches()) {
            throw new IllegalArgumentException("workload " + workload + ": interfaceName '" + iface
                    + "' is not a Linux interface name (1-15 letters, digits, '_', '.', '-')");
        }
        return iface;
    }

    private List<String> withNs(String tool, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(tool));
        if (netns != null) {
            cmd.addAll(List.of("-n", netns));
        }
        cmd.addAll(args);
        return cmd;
    }

    CommandRunner.Result ip(List<String> args) {
        return runner.run(withNs("ip", args), TIMEOUT);
    }

    CommandRunner.Result tc(List<String> args) {
        return runner.run(withNs("tc", args), TIMEOUT);
    }

    CommandRunner.Result iptables(List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        cmd.addAll(List.of("iptables", "-w", "10"));
        cmd.addAll(args);
        return runner.run(cmd, TIMEOUT);
    }

    /** The interface's index, or 0 when there is no such interface (yet). */
    int ifindex(String iface) {
        CommandRunner.Result r = ip(List.of("-j", "link", "show", "dev", iface));
        if (!r.ok()) {
            return 0;
        }
        try {
            JsonNode n = JSON.readTree(r.stdout());
            return n.isArray() && n.size() > 0 ? n.get(0).path("ifindex").asInt(0) : 0;
        } catch (IOException e) {
            throw new CommandRunner.CommandException("ip -j link show dev " + iface + " printed no JSON: " + r.stdout().strip(), e);
        }
    }

    /** Attaches the pinned program at {@code iface}'s ingress (traffic leaving the workload), replacing our earlier filter. */
    void attach(String iface, Path program) {
        CommandRunner.Result q = tc(List.of("qdisc", "add", "dev", iface, "clsact"));
        if (!q.ok() && !q.stderr().contains("File exists") && !q.stderr().contains("Exclusivity flag on")) {
            q.requireSuccess();
        }
        tc(List.of("filter", "replace", "dev", iface, "ingress", "pref", PREF, "handle", HANDLE, "bpf", "direct-action", "object-pinned",
                Bpftool.checkPin(program).toString())).requireSuccess();
    }

    /** Removes our filter (and the clsact qdisc when nothing else uses it); quiet when the interface has gone. */
    void detach(String iface) {
        if (ifindex(iface) == 0) {
            return;
        }
        tc(List.of("filter", "del", "dev", iface, "ingress", "pref", PREF, "handle", HANDLE, "bpf"));
        String left = tc(List.of("filter", "show", "dev", iface, "ingress")).stdout() + tc(List.of("filter", "show", "dev", iface, "egress"))
                .stdout();
        if (left.isBlank()) {
            tc(List.of("qdisc", "del", "dev", iface, "clsact"));
        }
    }

    /** The program ids of our filter on {@code iface}'s ingress ({@code tc -j filter show}); empty when not attached. */
    List<Integer> attachedPrograms(String iface) {
        CommandRunner.Result r = tc(List.of("-j", "filter", "show", "dev", iface, "ingress"));
        List<Integer> ids = new ArrayList<>();
        if (!r.ok() || r.stdout().isBlank()) {
            return ids;
        }
        try {
            for (JsonNode f : JSON.readTree(r.stdout())) {
                JsonNode prog = f.path("options").path("prog");
                if (prog.has("id")) {
                    ids.add(prog.path("id").asInt());
                }
            }
        } catch (IOException e) {
            throw new CommandRunner.CommandException("tc -j filter show dev " + iface + " printed no JSON: " + r.stdout().strip(), e);
        }
        return ids;
    }
}
