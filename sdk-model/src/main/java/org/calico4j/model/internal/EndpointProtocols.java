package org.calico4j.model.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code numorstring.Protocol} on output: a number when it reads as a uint8, else the name. */
final class EndpointProtocols {
    private EndpointProtocols() {
    }

    static void put(ObjectNode o, String protocol) {
        if (!protocol.isEmpty() && protocol.length() <= 3 && protocol.chars().allMatch(Character::isDigit)
                && Integer.parseInt(protocol) <= 255) {
            o.put("protocol", Integer.parseInt(protocol));
        } else {
            o.put("protocol", protocol);
        }
    }
}
