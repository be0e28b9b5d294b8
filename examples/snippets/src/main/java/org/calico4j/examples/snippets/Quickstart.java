package org.calico4j.examples.snippets;

// tag::imports[]
import java.nio.file.Path;
import java.util.Map;

import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.selector.Selector;
import org.calico4j.model.validation.Validator;
// end::imports[]

/** The README's model quickstart. */
public final class Quickstart {
    private Quickstart() {
    }

    /** What the snippet computed, for its test. */
    public record Result(IpPool pool, IpPool defaulted, String yaml, boolean matches) {
    }

    /**
     * Runs the snippet (from the repository's root, where its manifest path points).
     *
     * @return the snippet's values
     */
    public static Result run() {
        // tag::code[]
        // Build a pool and let Calico's rules fill in the rest (blockSize 26, ipipMode Never, ...).
        IpPool pool = IpPool.builder().name("ippool-ext-1")
            .spec(IpPoolSpec.builder().cidr("192.168.0.0/16").natOutgoing(true).build())
            .build();
        IpPool defaulted = Validator.standard().validate(pool);   // throws ValidationException with every violation

        // Read any manifest calicoctl reads, and write it as `calicoctl get -o yaml` does.
        Manifest m = Manifest.read(Path.of("examples/manifests/ippool-nat-outgoing.yaml"));
        String yaml = Manifest.of(Validator.standard().validate(m.resources().get(0))).toYaml();

        // Calico's selector language.
        boolean matches = Selector.parse("rack in {'r1', 'r2'} && has(bgp)").matches(Map.of("rack", "r1", "bgp", ""));  // true
        // end::code[]
        return new Result(pool, defaulted, yaml, matches);
    }
}
