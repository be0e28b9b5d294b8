package org.calico4j.model;

import java.util.List;
import java.util.Optional;

import org.calico4j.model.net.Cidr;
import org.immutables.value.Value;

/**
 * The spec of an {@link IpPool}, field for field as Calico's {@code IPPoolSpec}. Enum-valued
 * fields hold the manifest text, so that a value Calico rejects can be reported as written.
 *
 * <pre>{@code
 * IpPoolSpec spec = IpPoolSpec.builder().cidr("192.168.0.0/16").natOutgoing(true)
 *     .ipipMode(EncapsulationMode.CROSS_SUBNET).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class IpPoolSpec {
    IpPoolSpec() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this value's fields, to change some of them:
     * {@code x.toBuilder().someField(v).build()}.
     */
    public Builder toBuilder() {
        return builder().from(this);
    }

    /** The pool range as written; {@link #parsedCidr()} reads it. */
    @Value.Default
    public String cidr() {
        return "";
    }

    /**
     * The VXLAN mode as written ({@code Always}, {@code CrossSubnet}, {@code Never} or "" when
     * unset); the typed, effective mode is {@link #vxlanEncapsulation()}.
     */
    @Value.Default
    public String vxlanMode() {
        return "";
    }

    /**
     * The IPIP mode as written ({@code Always}, {@code CrossSubnet}, {@code Never} or "" when
     * unset); the typed, effective mode is {@link #ipipEncapsulation()}. Set a typed mode with
     * {@link Builder#ipipMode(EncapsulationMode)}.
     */
    @Value.Default
    public String ipipMode() {
        return "";
    }

    @Value.Default
    public boolean natOutgoing() {
        return false;
    }

    @Value.Default
    public boolean disabled() {
        return false;
    }

    @Value.Default
    public boolean disableBGPExport() {
        return false;
    }

    /** 0 means "not set" (Calico then uses 26 for IPv4, 122 for IPv6). */
    @Value.Default
    public int blockSize() {
        return 0;
    }

    @Value.Default
    public String nodeSelector() {
        return "";
    }

    @Value.Default
    public String namespaceSelector() {
        return "";
    }

    public abstract List<String> allowedUses();

    public abstract Optional<String> assignmentMode();

    /** The CIDR, parsed; empty when it is not a valid CIDR. */
    @Value.Lazy
    public Optional<Cidr> parsedCidr() {
        return Cidr.tryParse(cidr());
    }

    /** The effective IPIP mode of {@link #ipipMode()} ("" is Never); empty for a value Calico would reject. */
    public Optional<EncapsulationMode> ipipEncapsulation() {
        return EncapsulationMode.fromWire(ipipMode());
    }

    /** The effective VXLAN mode of {@link #vxlanMode()} ("" is Never); empty for a value Calico would reject. */
    public Optional<EncapsulationMode> vxlanEncapsulation() {
        return EncapsulationMode.fromWire(vxlanMode());
    }

    public IpPoolSpec withNatOutgoing(boolean natOutgoing) {
        return ImmutableIpPoolSpec.copyOf(this).withNatOutgoing(natOutgoing);
    }

    public IpPoolSpec withDisabled(boolean disabled) {
        return ImmutableIpPoolSpec.copyOf(this).withDisabled(disabled);
    }

    /** Builds an {@link IpPoolSpec}. */
    public static class Builder extends ImmutableIpPoolSpec.Builder {
        /** Creates an empty builder, as {@link IpPoolSpec#builder()} does. */
        public Builder() {
        }

        public Builder cidr(Cidr cidr) {
            cidr(cidr.toString());
            return this;
        }

        public Builder ipipMode(EncapsulationMode mode) {
            ipipMode(mode.wire());
            return this;
        }

        public Builder vxlanMode(EncapsulationMode mode) {
            vxlanMode(mode.wire());
            return this;
        }

        public Builder allowedUses(AllowedUse... uses) {
            for (AllowedUse u : uses) {
                addAllowedUses(u.wire());
            }
            return this;
        }
    }
}
