package org.calico4j.model.internal.rules;

import java.util.Set;

/** Value sets of Calico's enum-like string fields, matched case-sensitively as Calico does. */
final class Enums {
    static final Set<String> ENCAP = Set.of("Always", "CrossSubnet", "Never");
    static final Set<String> LOG_LEVEL = Set.of("Trace", "Debug", "Info", "Warning", "Error", "Fatal");
    static final Set<String> SOURCE_ADDRESS = Set.of("UseNodeIP", "None");

    private Enums() {
    }
}
