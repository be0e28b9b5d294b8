package org.calico4j.model.internal.rules;

import org.calico4j.model.net.Port;

/** Calico's {@code validatePort} struct validator and the {@code portName} tag. */
final class PortRules {
    private PortRules() {
    }

    static void check(Port p, Collector c) {
        if (p.isNamed()) {
            if (!validPortName(p.name())) {
                c.tag("PortName", p.name(), "portName");
            }
            return;
        }
        if (p.minPort() > p.maxPort()) {
            c.add("Port", Integer.toString(p.maxPort()), "port range invalid");
        } else if (p.minPort() < 1) {
            c.add("Port", Integer.toString(p.minPort()), "port range invalid, port number must be between 1 and 65535");
        } else if (p.maxPort() < 1) {
            c.add("Port", Integer.toString(p.maxPort()), "port range invalid, port number must be between 1 and 65535");
        }
    }

    /** Kubernetes' IANA service-name rule for named ports. */
    static boolean validPortName(String s) {
        if (s.isEmpty() || s.length() > 15 || s.startsWith("-") || s.endsWith("-") || s.contains("--")) {
            return false;
        }
        boolean letter = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 'a' && ch <= 'z') {
                letter = true;
            } else if (!(ch >= '0' && ch <= '9') && ch != '-') {
                return false;
            }
        }
        return letter;
    }
}
