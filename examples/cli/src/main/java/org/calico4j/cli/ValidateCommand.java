package org.calico4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.calico4j.model.Resource;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.validation.ManifestValidation;
import org.calico4j.model.validation.Validator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code calico4j validate}: calicoctl's create path (decode, default, validate) on an empty datastore. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Loads, defaults and validates a manifest as 'calicoctl create' would on an empty datastore.",
                "Prints the defaulted resources and exits 0, or prints every violation and exits 1."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "Manifest file, directory of .yaml/.yml/.json files, or - for standard input.")
    String file;

    @Option(names = {"-o", "--output"}, defaultValue = "yaml", paramLabel = "FORMAT",
            description = "Output format: yaml or json (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = {"-R", "--recursive"}, description = "Process the directory given with -f recursively.")
    boolean recursive;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String format = output.toLowerCase(Locale.ROOT);
        if (!format.equals("yaml") && !format.equals("json")) {
            err.println("error: unsupported output format '" + output + "' (use yaml or json)");
            return 2;
        }
        List<Resource> accepted = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Input in : inputs()) {
            ManifestValidation.Report r = ManifestValidation.run(in.text(), in.name(), Validator.standard());
            accepted.addAll(r.accepted());
            errors.addAll(r.errors());
        }
        if (!errors.isEmpty()) {
            err.println("Failed to validate resources:");
            errors.forEach(e -> err.println(e));
            return 1;
        }
        Manifest m = Manifest.of(accepted);
        out.print(format.equals("json") ? m.toJson() : m.toYaml());
        return 0;
    }

    private record Input(String name, String text) {
    }

    private List<Input> inputs() throws IOException {
        if (file.equals("-")) {
            return List.of(new Input("-", Manifest.decode(System.in.readAllBytes(), "-")));
        }
        Path p = Path.of(file);
        if (!Files.exists(p)) {
            throw new IOException("file " + file + " does not exist");
        }
        if (!Files.isDirectory(p)) {
            return List.of(new Input(file, Manifest.decode(Files.readAllBytes(p), file)));
        }
        List<Input> out = new ArrayList<>();
        try (Stream<Path> s = recursive ? Files.walk(p) : Files.list(p)) {
            for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile).filter(ValidateCommand::isManifest).sorted()::iterator) {
                out.add(new Input(f.toString(), Manifest.decode(Files.readAllBytes(f), f.toString())));
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no resources specified in directory " + file);
        }
        return out;
    }

    private static boolean isManifest(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }
}
