package org.calico4j.testkit.gen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.calico4j.model.validation.Validator;
import org.calico4j.model.validation.Violation;
import org.calico4j.testkit.property.Properties;
import org.junit.jupiter.api.Test;

/** The generators keep their promises: valid resources validate, invalid ones fail with the rule they name. */
class ResourceGensTest {
    @Test
    void validResourcesAreAccepted() {
        Properties.check(ResourceGens.validIpPools()).tries(300).forAll(p -> Validator.standard().validate(p));
        Properties.check(ResourceGens.validNodes()).tries(200).forAll(n -> Validator.standard().validate(n));
        Properties.check(ResourceGens.validBgpPeers()).tries(200).forAll(p -> Validator.standard().validate(p));
        Properties.check(ResourceGens.validBgpConfigurations()).tries(100).forAll(c -> Validator.standard().validate(c));
        Properties.check(ResourceGens.validWorkloadEndpoints()).tries(200).forAll(w -> Validator.standard().validate(w));
    }

    @Test
    void invalidResourcesAreRefusedForTheirRule() {
        Properties.check(ResourceGens.invalidIpPools()).tries(300).forAll(bad -> {
            List<Violation> v = Validator.standard().check(bad.resource());
            assertTrue(v.toString().contains(bad.rule()), () -> bad + ": " + v);
        });
        Properties.check(ResourceGens.invalidBgpPeers()).tries(200).forAll(bad -> {
            List<Violation> v = Validator.standard().check(bad.resource());
            assertTrue(v.toString().contains(bad.rule()), () -> bad + ": " + v);
        });
    }
}
