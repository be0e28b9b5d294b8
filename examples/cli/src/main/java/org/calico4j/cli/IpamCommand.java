package org.calico4j.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ipam.Allocation;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.ipam.IpamAssignments;
import org.calico4j.client.ipam.IpamReport;
import org.calico4j.client.ipam.PoolUsage;
import org.calico4j.client.ipam.ReleaseResult;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code calico4j ipam assign|release|show|check}: Calico's IPAM from the command line. */
@Command(name = "ipam", mixinStandardHelpOptions = true, description = "IP address management: assign, release, show, check.",
        subcommands = {IpamCommand.Assign.class, IpamCommand.Release.class, IpamCommand.Show.class, IpamCommand.Check.class})
final class IpamCommand implements Runnable {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    CalicoClient connect() {
        return DatastoreOptions.connect(main.datastore);
    }

    @Command(name = "assign", mixinStandardHelpOptions = true,
            description = "Auto-assign addresses to a node, as Calico's CNI plugin does; prints them.")
    static final class Assign implements Callable<Integer> {
        @ParentCommand
        IpamCommand ipam;

        @Spec
        CommandSpec spec;

        @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node (an existing Node resource).")
        String node;

        @Option(names = "--count", defaultValue = "1", paramLabel = "N", description = "IPv4 addresses (default 1).")
        int count;

        @Option(names = "--ipv6-count", defaultValue = "0", paramLabel = "N", description = "IPv6 addresses (default 0).")
        int count6;

        @Option(names = "--handle", paramLabel = "ID", description = "Handle to hold the addresses under.")
        String handle;

        @Option(names = "--pool", paramLabel = "CIDR", description = "Only this pool (repeatable).")
        List<String> pools = new ArrayList<>();

        @Override
        public Integer call() {
            AutoAssignRequest r = AutoAssignRequest.forHost(node).ipv4(count).ipv6(count6);
            if (handle != null) {
                r = r.handle(handle);
            }
            List<Cidr> v4 = new ArrayList<>();
            List<Cidr> v6 = new ArrayList<>();
            for (String p : pools) {
                Cidr c = Cidr.tryParse(p).orElseThrow(() -> new IllegalArgumentException("--pool '" + p + "' is not a CIDR"));
                (c.version() == 4 ? v4 : v6).add(c);
            }
            r = r.ipv4Pools(v4).ipv6Pools(v6);
            try (CalicoClient client = ipam.connect()) {
                IpamAssignments a = client.ipam().autoAssign(r);
                a.all().forEach(spec.commandLine().getOut()::println);
            }
            return 0;
        }
    }

    /** Exactly one of --ip or --handle. */
    static final class ReleaseTarget {
        @Option(names = "--ip", paramLabel = "IP", description = "The address to release.")
        String ip;

        @Option(names = "--handle", paramLabel = "ID", description = "Release every address held under this handle.")
        String handle;
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release an address, or every address of a handle.")
    static final class Release implements Callable<Integer> {
        @ParentCommand
        IpamCommand ipam;

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        ReleaseTarget target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CalicoClient client = ipam.connect()) {
                if (target.ip != null) {
                    IpAddress ip = IpAddress.tryParse(target.ip).orElseThrow(() ->
                            new IllegalArgumentException("invalid IP address: " + target.ip));
                    ReleaseResult r = client.ipam().release(List.of(ip));
                    if (!r.notAllocated().isEmpty()) {
                        spec.commandLine().getErr().println("IP address " + ip + " is not assigned");
                        return 1;
                    }
                    out.println("Successfully released IP address " + ip);
                } else {
                    List<IpAddress> released = client.ipam().releaseByHandle(target.handle);
                    released.forEach(ip -> out.println("Successfully released IP address " + ip));
                    out.println("Released " + released.size() + " IPs of handle " + target.handle);
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show IP pool use (calicoctl ipam show), or one address.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        IpamCommand ipam;

        @Spec
        CommandSpec spec;

        @Option(names = "--show-blocks", description = "Show each block of each pool.")
        boolean blocks;

        @Option(names = "--ip", paramLabel = "IP", description = "Show whether this address is in use and its attributes.")
        String ip;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CalicoClient client = ipam.connect()) {
                if (ip != null) {
                    IpAddress a = IpAddress.tryParse(ip).orElseThrow(() -> new IllegalArgumentException("invalid IP address: " + ip));
                    var alloc = client.ipam().allocation(a);
                    if (alloc.isEmpty()) {
                        out.println(a + " is not assigned");
                        return 0;
                    }
                    Allocation al = alloc.get();
                    out.println("IP " + a + " is in use");
                    if (al.handleId() != null) {
                        out.println("Handle ID: " + al.handleId());
                    }
                    if (al.attributes().isEmpty()) {
                        out.println("No attributes defined");
                    } else {
                        out.println("Attributes:");
                        new java.util.TreeMap<>(al.attributes()).forEach((k, v) -> out.println("  " + k + ": " + v));
                    }
                    return 0;
                }
                out.print(usageTable(client.ipam().usage(), blocks));
            }
            return 0;
        }
    }

    /** calicoctl's table: GROUPING, CIDR, IPS TOTAL, IPS IN USE, IPS FREE, with Go's number forms. */
    static String usageTable(List<PoolUsage> usage, boolean showBlocks) {
        List<String[]> rows = new ArrayList<>();
        for (PoolUsage u : usage) {
            if (u.pool().isPresent()) {
                rows.add(row("IP Pool", u.pool().get().toString(), u.capacity(), u.inUse()));
            }
            if (showBlocks) {
                for (PoolUsage.BlockUsage b : u.blocks()) {
                    rows.add(row("Block", b.cidr().toString(), BigInteger.valueOf(b.capacity()), b.inUse()));
                }
            }
        }
        return BoxTable.render(new String[] {"GROUPING", "CIDR", "IPS TOTAL", "IPS IN USE", "IPS FREE"}, rows);
    }

    private static String[] row(String grouping, String cidr, BigInteger capacity, long inUse) {
        BigDecimal cap = new BigDecimal(capacity);
        BigDecimal used = BigDecimal.valueOf(inUse);
        double pctUsed = used.doubleValue() / cap.doubleValue() * 100;
        BigDecimal free = cap.subtract(used);
        double pctFree = free.doubleValue() / cap.doubleValue() * 100;
        return new String[] {grouping, cidr, GoFormat.g5(cap), GoFormat.g5(used) + " (" + GoFormat.f0(pctUsed) + "%)",
                GoFormat.g5(free) + " (" + GoFormat.f0(pctFree) + "%)"};
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check IPAM for inconsistencies (exit code 1 when problems are found).")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        IpamCommand ipam;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CalicoClient client = ipam.connect()) {
                out.println("Checking IPAM for inconsistencies...");
                out.println();
                out.println("Loading all IPAM blocks...");
                List<IpamBlock> blocks = client.ipam().blocks();
                out.println("Found " + blocks.size() + " IPAM blocks.");
                for (IpamBlock b : blocks) {
                    out.println(" IPAM block " + b.cidr() + " affinity=" + b.affinity().orElse("<none>") + ":");
                }
                IpamReport r = client.ipam().check();
                out.println("IPAM blocks record " + r.allocations() + " allocations.");
                out.println();
                out.println("Found " + r.activePools() + " active IP pools.");
                out.println("Found " + r.handles() + " handles.");
                out.println();
                section(out, r, IpamReport.ProblemType.LEAKED_ADDRESS, "Scanning for IPs that are allocated but held by no handle...",
                        "Found %d IPs that are allocated in IPAM but not held by any handle.");
                section(out, r, IpamReport.ProblemType.ADDRESS_IN_NO_POOL, "Scanning for allocated IPs that are not in any active IP pool...",
                        "Found %d allocated IPs that are not in active IP pools.");
                section(out, r, IpamReport.ProblemType.DOUBLE_ALLOCATION, "Scanning for IPs allocated more than once...",
                        "Found %d IPs allocated more than once.");
                section(out, r, IpamReport.ProblemType.NODE_GONE, "Scanning for blocks and affinities of nodes that no longer exist...",
                        "Found %d blocks or affinities of nodes that no longer exist.");
                section(out, r, IpamReport.ProblemType.HANDLE_WITHOUT_ADDRESSES, "Scanning for IPAM handles with no matching IPs...",
                        "Found %d handles with no matching IPs.");
                section(out, r, IpamReport.ProblemType.STALE_AFFINITY, "Scanning for affinities without their block...",
                        "Found %d stale affinities.");
                section(out, r, IpamReport.ProblemType.BLOCK_INCONSISTENT, "Scanning blocks for lost or doubly free ordinals...",
                        "Found %d inconsistencies inside blocks.");
                out.println("Check complete; found " + r.problems().size() + " problems.");
                return r.isClean() ? 0 : 1;
            }
        }

        private static void section(PrintWriter out, IpamReport r, IpamReport.ProblemType type, String title, String summary) {
            out.println(title);
            List<IpamReport.Problem> ps = r.problems(type);
            ps.forEach(p -> out.println("  " + p.subject() + ": " + p.detail()));
            out.println(String.format(summary, ps.size()));
        }
    }
}
