package org.calico4j.model.internal.rules;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpFilter;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpReservation;
import org.calico4j.model.Kind;
import org.calico4j.model.Node;
import org.calico4j.model.HostEndpoint;
import org.calico4j.model.Resource;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.internal.Codecs;
import org.calico4j.model.internal.DecodeErrors;
import org.calico4j.model.internal.ResourceCodec;
import org.calico4j.model.validation.ValidationContext;
import org.calico4j.model.validation.Violation;

/**
 * Calico's create/update path for one resource, in Calico's order: calicoctl's namespace check;
 * the client's defaulting and datastore-aware checks; the validator (struct tags and struct
 * validators on the object as it stands, then CRD defaults, schema and CEL rules, all errors
 * merged); then the client's checks that follow validation.
 */
public final class Pipeline {
    /** Each kind's CRD schema, read once. */
    private static final Map<Kind, CompiledSchema> COMPILED = new ConcurrentHashMap<>();
    /**
     * The kinds whose spec is checked as its codec streams it: no CEL rule reads their tree, and their codecs write
     * each declared property at most once and nothing free-form ({@code Out.extra} could repeat a name).
     */
    private static final Set<Kind> STREAMED = EnumSet.of(Kind.IP_POOL, Kind.IP_RESERVATION);
    /** What the steps after defaulting see of the datastore: nothing (its checks are all in the defaulting step). */
    private static final ValidationContext NO_CONTEXT = ValidationContext.empty();

    private Pipeline() {
    }

    /** The outcome: the defaulted resource when {@code violations} is empty. */
    public record Outcome(Resource resource, List<Violation> violations) {
    }

    public static Outcome run(Resource input, ValidationContext ctx) {
        if (input.kind().isInternal()) {
            throw new IllegalArgumentException(input.kind().kindName() + " is an IPAM record, kept consistent by"
                    + " client.ipam(), not a resource to validate");
        }
        if (input instanceof IpPool && input.metadata().namespace().isEmpty()) {
            IpPool pool = (IpPool) input;
            if (IpPoolRules.takenAsIs(pool, ctx) && metaHolds(pool)) {
                // A pool in its stored form: every step would pass it unchanged, so only its meta was left to check.
                return new Outcome(pool, List.of());
            }
            Collector c = new Collector(input.kind(), input.name());
            Optional<IpPool> p = IpPoolRules.defaultAndCheck(pool, ctx, c);
            if (p.isEmpty()) {
                return new Outcome(input, c.violations());
            }
            // Defaulting (with the datastore's checks, done) put it in its stored form, as it does a pool written with
            // defaults left out: the steps after it, which see no context, pass it unchanged as they would a stored pool.
            if (IpPoolRules.takenAsIs(p.get(), NO_CONTEXT) && metaHolds(p.get())) {
                return new Outcome(p.get(), List.of());
            }
            return afterDefaulting(input, p.get(), ctx, c);
        }
        return steps(input, ctx);
    }

    /** Whether the object meta passes its checks: the clean common case at once, anything else checked in full. */
    private static boolean metaHolds(Resource r) {
        if (MetaRules.clean(r.metadata())) {
            return true;
        }
        Collector c = new Collector(r.kind(), r.name());
        MetaRules.check(r.metadata(), c);
        return c.isEmpty();
    }

    /** Every step, in Calico's order: what {@link #run} does, without its shortcuts for pools. */
    static Outcome steps(Resource input, ValidationContext ctx) {
        Collector c = new Collector(input.kind(), input.name());
        if (!input.metadata().namespace().isEmpty() && !input.kind().namespaced()) {
            c.add("Metadata.Namespace", input.metadata().namespace(), "namespace should not be specified for a"
                    + " non-namespaced resource. " + input.kind().kindName() + " is not a namespaced resource");
            return new Outcome(input, c.violations());
        }
        Resource r = input;
        if (r instanceof IpPool) {
            Optional<IpPool> p = IpPoolRules.defaultAndCheck((IpPool) r, ctx, c);
            if (p.isEmpty()) {
                return new Outcome(input, c.violations());
            }
            r = p.get();
        } else if (r instanceof FelixConfiguration) {
            r = FelixRules.setDefaults((FelixConfiguration) r);
        } else if (r instanceof WorkloadEndpoint) {
            Optional<WorkloadEndpoint> w = EndpointRules.assignName((WorkloadEndpoint) r, c);
            if (w.isEmpty()) {
                return new Outcome(input, c.violations());
            }
            r = w.get();
        }
        return afterDefaulting(input, r, ctx, c);
    }

    /** The steps after the client's defaulting, on its output {@code r}: meta, validator, CRD, the client's last checks. */
    private static Outcome afterDefaulting(Resource input, Resource r, ValidationContext ctx, Collector c) {
        MetaRules.check(r.metadata(), c);
        goValidator(r, c);
        r = crd(r, c);
        if (!c.isEmpty()) {
            return new Outcome(input, c.violations());
        }
        if (r instanceof BgpConfiguration) {
            BgpConfigurationRules.defaultOnlyFields((BgpConfiguration) r, c);
        } else if (r instanceof BgpPeer) {
            BgpPeerRules.filtersExist((BgpPeer) r, ctx, c);
        } else if (r instanceof WorkloadEndpoint) {
            r = EndpointRules.withStorageLabels((WorkloadEndpoint) r);
        }
        return new Outcome(c.isEmpty() ? r : input, c.violations());
    }

    private static void goValidator(Resource r, Collector c) {
        switch (r.kind()) {
            case IP_POOL:
                IpPoolRules.validate((IpPool) r, c);
                break;
            case BGP_PEER:
                BgpPeerRules.validate((BgpPeer) r, c);
                break;
            case BGP_CONFIGURATION:
                BgpConfigurationRules.validate((BgpConfiguration) r, c);
                break;
            case BGP_FILTER:
                BgpFilterRules.validate((BgpFilter) r, c);
                break;
            case FELIX_CONFIGURATION:
                FelixRules.validate((FelixConfiguration) r, c);
                break;
            case NODE:
                NodeRules.validate((Node) r, c);
                break;
            case IP_RESERVATION:
                IpReservationRules.validate((IpReservation) r, c);
                break;
            case WORKLOAD_ENDPOINT:
                EndpointRules.validate((WorkloadEndpoint) r, c);
                break;
            case HOST_ENDPOINT:
                EndpointRules.validate((HostEndpoint) r, c);
                break;
            default:
                throw new IllegalStateException("no validator for " + r.kind());
        }
    }

    /** CRD defaults, schema checks and CEL rules on the JSON form; returns the resource with the defaults. */
    private static Resource crd(Resource r, Collector c) {
        if (r.kind() == Kind.NODE || Codecs.schema(r.kind()) == null) {
            // Node's CRD rules live in NodeRules; WorkloadEndpoint has no CRD; HostEndpoint's CEL rules
            // repeat the Go checks above.
            return r;
        }
        CompiledSchema schema = COMPILED.computeIfAbsent(r.kind(), k -> CompiledSchema.compile(Codecs.schema(k).root()));
        ResourceCodec<?> codec = Codecs.forKind(r.kind());
        if (STREAMED.contains(r.kind()) && schema.streams()) {
            // No CEL rule reads the spec's tree, so its properties are checked as they are written, without one; a
            // schema default to add (the resource changes) takes the tree path below instead.
            int mark = c.size();
            CompiledSchema.Stream stream = schema.stream("spec", c);
            codec.streamSpecOf(r, stream);
            if (stream.finish()) {
                return r;
            }
            c.truncate(mark);
        }
        ObjectNode spec = codec.encodeSpecOf(r);
        boolean defaulted = schema.applyDefaults(spec);
        schema.check(spec, "spec", c);
        CelRules.check(r.kind(), r.name(), spec, c);
        if (!defaulted) {
            return r;
        }
        ObjectNode json = Codecs.encode(r);
        json.set("spec", spec);
        DecodeErrors errors = new DecodeErrors();
        Resource again = Codecs.forKind(r.kind()).decode(json, errors);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("CRD defaults produced an undecodable " + r.kind() + ": " + errors.messages());
        }
        return again;
    }
}
