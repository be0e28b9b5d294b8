package org.calico4j.model.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.model.RandomResources;
import org.calico4j.model.Resource;
import org.calico4j.model.validation.Validator;
import org.junit.jupiter.api.Test;

/** Property: whatever calico4j writes, it reads back as an equal value (YAML and JSON, one or many). */
class ManifestRoundTripTest {
    private static final int CASES = 2_000;

    @Test
    void everyGeneratedResourceSurvivesYamlAndJson() {
        for (int seed = 0; seed < CASES; seed++) {
            Resource r = new RandomResources(seed).any();
            String yaml = Manifest.toYaml(r);
            String json = Manifest.toJson(r);
            try {
                assertEquals(r, Manifest.parse(yaml).resources().get(0), "YAML round trip, seed " + seed + "\n" + yaml);
                assertEquals(r, Manifest.parse(json).resources().get(0), "JSON round trip, seed " + seed + "\n" + json);
            } catch (ManifestException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage() + "\n" + yaml, e);
            }
        }
    }

    @Test
    void generatedManifestsOfManyResourcesSurviveInOrder() {
        for (int seed = 0; seed < 200; seed++) {
            RandomResources gen = new RandomResources(seed);
            List<Resource> rs = new ArrayList<>();
            for (int i = 0; i < 1 + seed % 5; i++) {
                rs.add(gen.any());
            }
            Manifest m = Manifest.of(rs);
            assertEquals(rs, Manifest.parse(m.toYaml()).resources(), "seed " + seed + "\n" + m.toYaml());
            assertEquals(rs, Manifest.parse(m.toJson()).resources(), "seed " + seed + "\n" + m.toJson());
        }
    }

    @Test
    void defaultedResourcesAreFixedPointsOfValidation() {
        int valid = 0;
        for (int seed = 0; seed < CASES; seed++) {
            Resource r = new RandomResources(seed).any();
            Validator.Result first = Validator.standard().result(r);
            if (!first.isValid()) {
                continue;
            }
            valid++;
            Resource again = Manifest.parse(Manifest.toYaml(first.resource())).resources().get(0);
            assertEquals(first.resource(), again, "seed " + seed);
            assertEquals(first.resource(), Validator.standard().validate(again), "defaulting is idempotent, seed " + seed);
        }
        if (valid == 0) {
            throw new AssertionError("generator produced no valid resource: the property was never exercised");
        }
    }
}
