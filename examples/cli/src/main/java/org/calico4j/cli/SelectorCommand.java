package org.calico4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.calico4j.model.selector.Selector;
import org.calico4j.model.selector.SelectorParseException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code calico4j selector check|match}: Calico's label selector language. */
@Command(name = "selector", mixinStandardHelpOptions = true, description = "Check or evaluate a Calico label selector.",
        subcommands = {SelectorCommand.Check.class, SelectorCommand.Match.class})
final class SelectorCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Exits 0 when EXPR is a valid selector (its canonical form is printed),",
                    "1 when it is not (the reason is printed on stderr)."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "EXPR", description = "The selector, e.g. 'rack == \"r1\" && has(bgp)'.")
        String expr;

        @Override
        public Integer call() {
            try {
                spec.commandLine().getOut().println(Selector.parse(expr).canonical());
                return 0;
            } catch (SelectorParseException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "match", mixinStandardHelpOptions = true,
            description = {"Exits 0 when the labels match EXPR, 1 when they do not, 2 on error."})
    static final class Match implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "EXPR", description = "The selector.")
        String expr;

        @Option(names = "--labels", required = true, paramLabel = "k=v,k2=v2",
                description = "Comma-separated labels; an empty value means no labels; 'k=' is a label with an empty value.")
        String labels;

        @Override
        public Integer call() {
            Map<String, String> map = new LinkedHashMap<>();
            if (!labels.isEmpty()) {
                for (String kv : labels.split(",", -1)) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        spec.commandLine().getErr().println("error: label '" + kv + "' is not of the form key=value");
                        return 2;
                    }
                    map.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            try {
                boolean m = Selector.parse(expr).matches(map);
                spec.commandLine().getOut().println(m ? "match" : "no match");
                return m ? 0 : 1;
            } catch (SelectorParseException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
        }
    }
}
