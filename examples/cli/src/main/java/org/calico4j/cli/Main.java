package org.calico4j.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code calico4j} command line: calicoctl's verbs on calico4j.
 *
 * <pre>{@code
 * java -jar calico4j.jar validate -f examples/manifests/ippool-nat-outgoing.yaml -o yaml
 * java -jar calico4j.jar selector match 'rack == "r1"' --labels rack=r1
 * }</pre>
 */
@Command(name = "calico4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "calicoctl-compatible tooling for Calico v3.32.1 resources, built on the calico4j SDK.",
        subcommands = {ValidateCommand.class, ResourceCommands.Create.class, ResourceCommands.Apply.class,
                ResourceCommands.Replace.class, ResourceCommands.Delete.class, ResourceCommands.Get.class,
                IpamCommand.class, DataplaneCommands.Render.class, DataplaneCommands.Trace.class, BgpCommand.class, SimulateCommand.class,
                SelectorCommand.class,
                DatastoreCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--datastore", paramLabel = "URI",
            description = {"Datastore: memory:, file:/path, or etcd://host:port (when available).",
                    "etcd credentials: etcd://user@host:port?passwordFile=/path, or the password in $CALICO4J_ETCD_PASSWORD",
                    "(a password in the URI shows in the process list).",
                    "Default: $CALICO4J_DATASTORE, else the embedded file store under ~/.calico4j/."})
    String datastore;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given streams; returns the exit code. Used by tests in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest, or "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"calico4j " + (v == null ? "development" : v) + " (Calico v3.32.1 compatible)"};
        }
    }
}
