package org.calico4j.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.calico4j.client.file.FileDatastore;
import org.calico4j.client.file.FileDatastoreProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code calico4j datastore repair}: the embedded file store's repair after damage. */
@Command(name = "datastore", mixinStandardHelpOptions = true, description = "Maintain the embedded file datastore.",
        subcommands = {DatastoreCommand.Repair.class})
final class DatastoreCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = {"Repairs a damaged file datastore: keeps every intact record, drops the damaged ones",
                    "(each reported), moves the damaged files aside, and makes a new lock file if it was removed.",
                    "Run it only when no other process uses the store. Exits 0, or 1 when records were dropped."})
    static final class Repair implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        DatastoreCommand parent;

        @Override
        public Integer call() {
            String uri = DatastoreOptions.resolve(parent.main.datastore, System.getenv());
            if (!uri.startsWith("file:")) {
                throw new IllegalArgumentException("repair works on a file datastore (file:/path), not " + uri.replaceAll("//[^@/]*@", "//"));
            }
            Path dir = FileDatastoreProvider.directory(URI.create(uri));
            PrintWriter err = spec.commandLine().getErr();
            FileDatastore.RepairReport r = FileDatastore.repair(dir, FileDatastore.Options.defaults()
                    .withOnLockWait(err::println));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("kept %d, dropped %d; the store is at revision %d%n", r.kept(), r.dropped().size(), r.revision());
            for (FileDatastore.Dropped d : r.dropped()) {
                out.printf("dropped %s at byte offset %d (%d bytes): %s%n", d.file(), d.offset(), d.length(), d.reason());
            }
            for (Path p : r.movedAside()) {
                out.printf("damaged file kept as %s%n", p);
            }
            return r.dropped().isEmpty() ? 0 : 1;
        }
    }
}
