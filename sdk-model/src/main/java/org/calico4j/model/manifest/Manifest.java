package org.calico4j.model.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.internal.ManifestReader;
import org.calico4j.model.internal.ManifestWriter;

/**
 * A calicoctl manifest: resources read from, or written as, YAML or JSON in every form calicoctl
 * accepts (single resource, {@code ---} separated documents, a top-level list, a typed
 * {@code <Kind>List}).
 *
 * <pre>{@code
 * Manifest m = Manifest.read(Path.of("examples/manifests/ippool-nat-outgoing.yaml"));
 * IpPool pool = m.resources(IpPool.class).get(0);
 * }</pre>
 *
 * <p>Reading is strict, like calicoctl's: unknown fields, duplicate keys, wrong value types,
 * unknown kinds and other apiVersions are {@link ManifestException}s naming the document and
 * the field. Reading does not default or validate; that is {@code Validator}'s job.
 */
public final class Manifest {
    private final List<Resource> resources;

    private Manifest(List<Resource> resources) {
        this.resources = List.copyOf(resources);
    }

    /**
     * A manifest of these resources, in order (to write them).
     *
     * @param resources the resources
     * @return the manifest
     */
    public static Manifest of(List<? extends Resource> resources) {
        return new Manifest(new ArrayList<>(resources));
    }

    /**
     * A manifest of these resources, in order (to write them).
     *
     * @param resources the resources
     * @return the manifest
     */
    public static Manifest of(Resource... resources) {
        return new Manifest(List.of(resources));
    }

    /**
     * Parses YAML or JSON text; throws {@link ManifestException} listing every problem.
     *
     * @param text YAML or JSON, one or more documents, single resources or {@code <Kind>List}s
     * @return the resources, in order
     * @throws ManifestException listing every problem with its document and field
     */
    public static Manifest parse(String text) {
        return fromEntries(load(text, "<string>"));
    }

    /**
     * Reads a manifest file as calicoctl does ({@code -f FILE}); throws {@link ManifestException} listing every problem.
     *
     * @param path a YAML or JSON file
     * @return the resources, in order
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static Manifest read(Path path) {
        try {
            return fromEntries(load(decode(Files.readAllBytes(path), path.toString()), path.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the stream to its end (it is not closed); {@code source} names it in errors.
     *
     * @param in     the manifest's bytes (UTF-8)
     * @param source names the input in messages
     * @return the resources, in order
     */
    public static Manifest read(InputStream in, String source) {
        try {
            return fromEntries(load(decode(in.readAllBytes(), source), source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The text of a manifest's bytes, which must be UTF-8: invalid bytes are a
     * {@link ManifestException} naming {@code source}, the byte offset, line and document, never
     * silently replaced.
     *
     * <pre>{@code
     * List<ManifestEntry> entries = Manifest.load(Manifest.decode(System.in.readAllBytes(), "-"), "-");
     * }</pre>
     *
     * @param bytes  the manifest's bytes
     * @param source names the input in messages
     * @return the text
     */
    public static String decode(byte[] bytes, String source) {
        return Utf8.decode(bytes, source);
    }

    /**
     * Loads resource by resource without throwing, so that one bad document does not hide the
     * others (calicoctl's behaviour for create, apply, delete and validate).
     *
     * @param text   YAML or JSON
     * @param source names the input in messages
     * @return one entry per resource: the resource, or the problem with it
     */
    public static List<ManifestEntry> load(String text, String source) {
        return ManifestReader.read(text, source);
    }

    private static Manifest fromEntries(List<ManifestEntry> entries) {
        List<ManifestProblem> problems = new ArrayList<>();
        List<Resource> resources = new ArrayList<>();
        for (ManifestEntry e : entries) {
            e.problem().ifPresent(problems::add);
            e.resource().ifPresent(resources::add);
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return new Manifest(resources);
    }

    /**
     * The resources, in manifest order.
     *
     * @return the resources
     */
    public List<Resource> resources() {
        return resources;
    }

    /**
     * The resources of one type, in manifest order.
     *
     * @param <R>  the resource type
     * @param type its class, e.g. {@code IpPool.class}
     * @return those resources
     */
    public <R extends Resource> List<R> resources(Class<R> type) {
        List<R> out = new ArrayList<>();
        for (Resource r : resources) {
            if (type.isInstance(r)) {
                out.add(type.cast(r));
            }
        }
        return out;
    }

    /**
     * Whether the manifest holds no resource.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return resources.isEmpty();
    }

    /**
     * YAML as {@code calicoctl get -o yaml} prints it: one document, a {@code <Kind>List}, or documents.
     *
     * @return the YAML text
     */
    public String toYaml() {
        return ManifestWriter.yaml(resources);
    }

    /**
     * JSON as {@code calicoctl get -o json} prints it: one object, a {@code <Kind>List}, or an array.
     *
     * @return the JSON text
     */
    public String toJson() {
        return ManifestWriter.json(resources);
    }

    /**
     * The resources of one kind as a typed {@code <Kind>List} carrying a list resourceVersion,
     * exactly as {@code calicoctl get <kind> -o yaml|json} prints them (even for zero or one item).
     *
     * @param kind            the items' kind
     * @param items           the resources
     * @param resourceVersion the list's resourceVersion (the store revision it was read at)
     * @return the YAML text
     */
    public static String toListYaml(Kind kind, List<? extends Resource> items, String resourceVersion) {
        return org.calico4j.model.internal.YamlEmitter.write(ManifestWriter.listTree(kind, items, resourceVersion));
    }

    /**
     * As {@link #toListYaml}, in JSON.
     *
     * @param kind            the items' kind
     * @param items           the resources
     * @param resourceVersion the list's resourceVersion
     * @return the JSON text
     */
    public static String toListJson(Kind kind, List<? extends Resource> items, String resourceVersion) {
        return ManifestWriter.jsonOf(ManifestWriter.listTree(kind, items, resourceVersion));
    }

    /**
     * The resource's JSON form (Calico's field names, omitempty rules) as a tree, for storage layers.
     *
     * @param resource the resource
     * @return its JSON tree, as Calico stores it
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode toJsonTree(Resource resource) {
        return org.calico4j.model.internal.Codecs.encode(resource);
    }

    /**
     * Reads one resource from its JSON tree, strictly (as {@link #parse}); throws
     * {@link ManifestException} naming the problem.
     *
     * @param json one resource's JSON object
     * @return the resource
     */
    public static Resource fromJsonTree(com.fasterxml.jackson.databind.JsonNode json) {
        List<ManifestEntry> entries = ManifestReader.readTrees(List.of(json), "<json>");
        Manifest m = fromEntries(entries);
        if (m.resources().size() != 1) {
            throw new ManifestException(List.of(new ManifestProblem("<json>", 1, "", "",
                    List.of("expected one resource, found " + m.resources().size()))));
        }
        return m.resources().get(0);
    }

    /**
     * One resource as {@code calicoctl get -o yaml} prints it.
     *
     * @param resource the resource
     * @return the YAML text
     */
    public static String toYaml(Resource resource) {
        return ManifestWriter.yaml(List.of(resource));
    }

    /**
     * One resource as {@code calicoctl get -o json} prints it.
     *
     * @param resource the resource
     * @return the JSON text
     */
    public static String toJson(Resource resource) {
        return ManifestWriter.json(List.of(resource));
    }

    @Override
    public String toString() {
        return "Manifest" + resources;
    }
}
