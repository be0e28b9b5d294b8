package org.calico4j.testkit.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.validation.Validator;
import org.calico4j.model.validation.Violation;
import org.calico4j.testkit.property.Gen;
import org.calico4j.testkit.property.PropertyRunner;
import org.junit.jupiter.api.Test;

/** The generators keep their promises: valid resources validate, invalid ones fail with the rule they name. */
class ResourceGensTest {
    private static final int TRIES = 300;

    @Test
    void validResourcesAreAccepted() {
        accepted(ResourceGens.validIpPools());
        accepted(ResourceGens.validIpReservations());
        accepted(ResourceGens.validBgpPeers());
        accepted(ResourceGens.validBgpConfigurations());
        accepted(ResourceGens.validBgpFilters());
        accepted(ResourceGens.validFelixConfigurations());
        accepted(ResourceGens.validNodes());
        accepted(ResourceGens.validWorkloadEndpoints());
        accepted(ResourceGens.validHostEndpoints());
        accepted(ResourceGens.validResources());
    }

    @Test
    void invalidResourcesAreRefusedForTheirRule() {
        refused(ResourceGens.invalidIpPools());
        refused(ResourceGens.invalidIpReservations());
        refused(ResourceGens.invalidBgpPeers());
        refused(ResourceGens.invalidBgpConfigurations());
        refused(ResourceGens.invalidBgpFilters());
        refused(ResourceGens.invalidFelixConfigurations());
        refused(ResourceGens.invalidNodes());
        refused(ResourceGens.invalidWorkloadEndpoints());
        refused(ResourceGens.invalidHostEndpoints());
        refused(ResourceGens.invalidResources());
    }

    @Test
    void everyUserFacingKindIsGeneratedValidAndInvalid() {
        // Derived from Kind, so a kind added to the model without generators fails here too.
        Set<Kind> expected = EnumSet.noneOf(Kind.class);
        for (Kind k : Kind.values()) {
            if (!k.isInternal()) {
                expected.add(k);
            }
        }
        Set<Kind> valid = EnumSet.noneOf(Kind.class);
        PropertyRunner.check(ResourceGens.validResources()).tries(TRIES).forAll(r -> valid.add(r.kind()));
        assertEquals(expected, valid);
        Set<Kind> invalid = EnumSet.noneOf(Kind.class);
        PropertyRunner.check(ResourceGens.invalidResources()).tries(TRIES).forAll(bad -> invalid.add(bad.resource().kind()));
        assertEquals(expected, invalid);
    }

    private static void accepted(Gen<? extends Resource> gen) {
        PropertyRunner.check(gen).tries(TRIES).forAll(r -> Validator.standard().validate(r));
    }

    private static void refused(Gen<ResourceGens.Invalid> gen) {
        PropertyRunner.check(gen).tries(TRIES).forAll(bad -> {
            List<Violation> v = Validator.standard().check(bad.resource());
            assertTrue(v.toString().contains(bad.rule()), () -> bad + ": " + v);
        });
    }
}
