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

    /**
     * An empty builder for a {@link IpPoolSpec}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this value's fields, to change some of them:
     * {@code x.toBuilder().someField(v).build()}.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return builder().from(this);
    }

    /**
     * The pool range as written; {@link #parsedCidr()} reads it.
     *
     * @return the {@code cidr} value
     */
    @Value.Default
    public String cidr() {
        return "";
    }

    /**
     * The VXLAN mode as written ({@code Always}, {@code CrossSubnet}, {@code Never} or "" when
     * unset); the typed, effective mode is {@link #vxlanEncapsulation()}.
     *
     * @return the {@code vxlanMode} value
     */
    @Value.Default
    public String vxlanMode() {
        return "";
    }

    /**
     * The IPIP mode as written ({@code Always}, {@code CrossSubnet}, {@code Never} or "" when
     * unset); the typed, effective mode is {@link #ipipEncapsulation()}. Set a typed mode with
     * {@link Builder#ipipMode(EncapsulationMode)}.
     *
     * @return the {@code ipipMode} value
     */
    @Value.Default
    public String ipipMode() {
        return "";
    }

    /**
     * When natOutgoing is true, packets sent from Calico networked containers in this pool to
     * destinations outside of this pool will be masqueraded.
     *
     * @return the {@code natOutgoing} flag
     */
    @Value.Default
    public boolean natOutgoing() {
        return false;
    }

    /**
     * When disabled is true, Calico IPAM will not assign addresses from this pool.
     *
     * @return the {@code disabled} flag
     */
    @Value.Default
    public boolean disabled() {
        return false;
    }

    /**
     * Disable exporting routes from this IP Pool's CIDR over BGP. [Default: false].
     *
     * @return the {@code disableBGPExport} flag
     */
    @Value.Default
    public boolean disableBGPExport() {
        return false;
    }

    /**
     * 0 means "not set" (Calico then uses 26 for IPv4, 122 for IPv6).
     *
     * @return the {@code blockSize} value
     */
    @Value.Default
    public int blockSize() {
        return 0;
    }

    /**
     * Allows IPPool to allocate for a specific node by label selector.
     *
     * @return the {@code nodeSelector} value
     */
    @Value.Default
    public String nodeSelector() {
        return "";
    }

    /**
     * Allows IPPool to allocate for a specific namespace by label selector. If specified, both
     * namespaceSelector and nodeSelector must match for the pool to be used.
     *
     * @return the {@code namespaceSelector} value
     */
    @Value.Default
    public String namespaceSelector() {
        return "";
    }

    /**
     * AllowedUse controls what the IP pool will be used for. If not specified or empty, defaults to
     * ["Tunnel", "Workload"] for back-compatibility.
     *
     * @return the {@code allowedUses} values, empty when not set
     */
    public abstract List<String> allowedUses();

    /**
     * Determines the mode how IP addresses should be assigned from this pool.
     *
     * @return the {@code assignmentMode} value, or empty when not set
     */
    public abstract Optional<String> assignmentMode();

    /**
     * The CIDR, parsed; empty when it is not a valid CIDR.
     *
     * @return the {@code parsedCidr} value, or empty when not set
     */
    @Value.Lazy
    public Optional<Cidr> parsedCidr() {
        return Cidr.tryParse(cidr());
    }

    /**
     * The effective IPIP mode of {@link #ipipMode()} ("" is Never); empty for a value Calico would reject.
     *
     * @return the {@code ipipEncapsulation} value, or empty when not set
     */
    public Optional<EncapsulationMode> ipipEncapsulation() {
        return EncapsulationMode.fromWire(ipipMode());
    }

    /**
     * The effective VXLAN mode of {@link #vxlanMode()} ("" is Never); empty for a value Calico would reject.
     *
     * @return the {@code vxlanEncapsulation} value, or empty when not set
     */
    public Optional<EncapsulationMode> vxlanEncapsulation() {
        return EncapsulationMode.fromWire(vxlanMode());
    }

    /**
     * This value with {@code natOutgoing} replaced. When natOutgoing is true, packets sent from Calico
     * networked containers in this pool to destinations outside of this pool will be masqueraded.
     *
     * @param natOutgoing the new {@code natOutgoing}
     * @return a copy with it
     */
    public IpPoolSpec withNatOutgoing(boolean natOutgoing) {
        return ImmutableIpPoolSpec.copyOf(this).withNatOutgoing(natOutgoing);
    }

    /**
     * This value with {@code disabled} replaced. When disabled is true, Calico IPAM will not assign
     * addresses from this pool.
     *
     * @param disabled the new {@code disabled}
     * @return a copy with it
     */
    public IpPoolSpec withDisabled(boolean disabled) {
        return ImmutableIpPoolSpec.copyOf(this).withDisabled(disabled);
    }

    /** Builds an {@link IpPoolSpec}. */
    public static class Builder extends ImmutableIpPoolSpec.Builder {
        /** Creates an empty builder, as {@link IpPoolSpec#builder()} does. */
        public Builder() {
        }

        /**
         * Sets {@code cidr} from a {@code Cidr}. The pool CIDR.
         *
         * @param cidr the pool CIDR
         * @return this builder
         */
        public Builder cidr(Cidr cidr) {
            cidr(cidr.toString());
            return this;
        }

        /**
         * Sets {@code ipipMode} from an {@code EncapsulationMode}. Contains configuration for IPIP
         * tunneling for this pool. For IPv6 pools, IPIP tunneling must be disabled.
         *
         * @param mode the IPIP mode
         * @return this builder
         */
        public Builder ipipMode(EncapsulationMode mode) {
            ipipMode(mode.wire());
            return this;
        }

        /**
         * Sets {@code vxlanMode} from an {@code EncapsulationMode}. Contains configuration for VXLAN
         * tunneling for this pool.
         *
         * @param mode the VXLAN mode
         * @return this builder
         */
        public Builder vxlanMode(EncapsulationMode mode) {
            vxlanMode(mode.wire());
            return this;
        }

        /**
         * Sets {@code allowedUses} from an {@code AllowedUse...}. AllowedUse controls what the IP pool
         * will be used for. If not specified or empty, defaults to ["Tunnel", "Workload"] for
         * back-compatibility.
         *
         * @param uses the allowed uses
         * @return this builder
         */
        public Builder allowedUses(AllowedUse... uses) {
            for (AllowedUse u : uses) {
                addAllowedUses(u.wire());
            }
            return this;
        }
    }
}
