package org.calico4j.client.ipam;

import java.util.Map;
import java.util.Objects;

import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * A request for one specific address (Calico's {@code AssignIPArgs}), e.g. a static pod IP.
 *
 * <pre>{@code
 * ipam.assignIp(AssignIpRequest.of(IpAddress.parse("10.244.1.7")).host("node-1").handle("static-web"));
 * }</pre>
 */
public final class AssignIpRequest {
    private final IpAddress ip;
    private final String host;
    private final @Nullable String handleId;
    private final Map<String, String> attributes;

    private AssignIpRequest(IpAddress ip, String host, @Nullable String handleId, Map<String, String> attributes) {
        this.ip = Objects.requireNonNull(ip, "ip");
        this.host = Objects.requireNonNull(host, "host");
        this.handleId = handleId;
        this.attributes = Map.copyOf(attributes);
    }

    public static AssignIpRequest of(IpAddress ip) {
        return new AssignIpRequest(ip, "", null, Map.of());
    }

    /** The host that claims the address's block if no one has it yet. */
    public AssignIpRequest host(String hostName) {
        return new AssignIpRequest(ip, hostName, handleId, attributes);
    }

    public AssignIpRequest handle(String id) {
        return new AssignIpRequest(ip, host, id, attributes);
    }

    public AssignIpRequest attributes(Map<String, String> attrs) {
        return new AssignIpRequest(ip, host, handleId, attrs);
    }

    public IpAddress ip() {
        return ip;
    }

    public String host() {
        return host;
    }

    public @Nullable String handleId() {
        return handleId;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return "AssignIpRequest{" + ip + ", host=" + host + ", handle=" + handleId + "}";
    }
}
