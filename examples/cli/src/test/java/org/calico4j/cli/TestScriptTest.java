package org.calico4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The README's test command is a polite guest on a developer's machine: it installs what the tests
 * need without starting the packages' services, and never stops or disables what it did not start
 * (a developer's own etcd or BIRD). A text check of the script: running its install step here would
 * install packages on the machine.
 */
class TestScriptTest {
    @Test
    void theTestCommandStopsAndDisablesNothingItDidNotStart() throws Exception {
        String script = Files.readString(Path.of("../../scripts/test"));
        for (String rude : new String[] {"pkill", "killall", "systemctl disable", "systemctl stop", "service etcd stop"}) {
            assertFalse(script.contains(rude), "scripts/test must not run '" + rude + "'");
        }
        assertTrue(script.contains("policy-rc.d") && script.contains("exit 101"), "package services are kept from starting");
    }
}
