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

    /**
     * A request for one given address, with no host, handle or attributes yet.
     *
     * <pre>{@code
     * ipam.assignIp(AssignIpRequest.of(IpAddress.parse("192.168.0.10")).host("node-1").handle("static-a"));
     * }</pre>
     *
     * @param ip the address to assign
     * @return the request
     */
    public static AssignIpRequest of(IpAddress ip) {
        return new AssignIpRequest(ip, "", null, Map.of());
    }

    /**
     * The host that claims the address's block if no one has it yet.
     *
     * @param hostName a Node name
     * @return a copy of this request with it set
     */
    public AssignIpRequest host(String hostName) {
        return new AssignIpRequest(ip, hostName, handleId, attributes);
    }

    /**
     * The handle the address is held under, for {@link Ipam#releaseByHandle}.
     *
     * @param id the handle
     * @return a copy of this request with it set
     */
    public AssignIpRequest handle(String id) {
        return new AssignIpRequest(ip, host, id, attributes);
    }

    /**
     * Free-form attributes stored with the address.
     *
     * @param attrs the attributes
     * @return a copy of this request with it set
     */
    public AssignIpRequest attributes(Map<String, String> attrs) {
        return new AssignIpRequest(ip, host, handleId, attrs);
    }

    /**
     * The address to assign.
     *
     * @return the address
     */
    public IpAddress ip() {
        return ip;
    }

    /**
     * The host that claims the block.
     *
     * @return the Node name, empty when none was given
     */
    public String host() {
        return host;
    }

    /**
     * The handle the address is held under.
     *
     * @return the handle, or null
     */
    public @Nullable String handleId() {
        return handleId;
    }

    /**
     * The attributes stored with the address.
     *
     * @return the attributes
     */
    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return "AssignIpRequest{" + ip + ", host=" + host + ", handle=" + handleId + "}";
    }
}
