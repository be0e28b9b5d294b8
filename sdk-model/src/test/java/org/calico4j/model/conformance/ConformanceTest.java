package org.calico4j.model.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.selector.Selector;
import org.calico4j.model.validation.ManifestValidation;
import org.calico4j.model.validation.Validator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every public conformance vector through the public API (the CLI runs them again in its own module). */
class ConformanceTest {
    @TestFactory
    Stream<DynamicTest> manifestVectorsBehaveAsCalicoCreate() {
        return ConformanceVectors.manifestCases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            ManifestValidation.Report r = ManifestValidation.run(ConformanceVectors.read(c.manifest()), c.id() + ".yaml",
                    Validator.standard());
            String out = r.isValid() ? Manifest.of(r.accepted()).toYaml() : "";
            ConformanceVectors.verify(c, r.isValid(), out, String.join("\n", r.errors()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> selectorVectorsParseAndMatchAsCalico() {
        return ConformanceVectors.selectorCases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            assertEquals(c.valid(), Selector.isValid(c.selector()), "validity of " + c.selector());
            for (ConformanceVectors.Sample s : c.samples()) {
                assertEquals(s.matches(), Selector.parse(c.selector()).matches(s.labels()),
                        c.selector() + " on " + s.labels());
                assertTrue(Selector.parse(Selector.parse(c.selector()).canonical()).matches(s.labels()) == s.matches(),
                        "canonical form of " + c.selector() + " matches differently");
            }
        }));
    }
}
