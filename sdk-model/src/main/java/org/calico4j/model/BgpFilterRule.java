package org.calico4j.model;

import java.util.Map;
import java.util.Optional;

import org.immutables.value.Value;

/**
 * One rule of a {@link BgpFilterSpec} ({@code BGPFilterRuleV4} / {@code BGPFilterRuleV6}); fields of newer rule shapes are carried in {@link #extra()}.
 *
 * <pre>{@code
 * BgpFilterRule r = BgpFilterRule.builder().cidr("10.0.0.0/8").matchOperator("In").action("Reject").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class BgpFilterRule {
    BgpFilterRule() {
    }

    /**
     * An empty builder for a {@link BgpFilterRule}.
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
     * If non-empty, this filter rule will only apply when the route being exported or imported "matches"
     * the given CIDR - where the definition of "matches" is according to MatchOperator and PrefixLength.
     * CIDR should be in conventional CIDR notation, &lt;prefix&gt;/&lt;length&gt;.
     *
     * @return the {@code cidr} value
     */
    @Value.Default
    public String cidr() {
        return "";
    }
    /**
     * PrefixLength further constrains the CIDR match by restricting the range of allowed prefix lengths.
     * For example, CIDR "10.0.0.0/8" with MatchOperator "In" and PrefixLength {min: 16, max: 24} matches
     * any route within 10.0.0.0/8 whose prefix length is between /16 and /24. Requires CIDR to be set;
     * if CIDR is omitted, PrefixLength is ignored. If PrefixLength is nil and CIDR is set, the CIDR's
     * own prefix length is used as the minimum and /32 (for V4) as the maximum.
     *
     * @return the {@code prefixLength} value, or empty when not set
     */
    public abstract Optional<BgpFilterPrefixLength> prefixLength();
    /**
     * If set to "RemotePeers": for export rules, this filter rule will only apply to routes learned from
     * BGP peers (i.e. re-advertised routes), not locally originated routes. For import rules, this field
     * is redundant because imported routes are by definition from BGP peers.
     *
     * @return the {@code source} value
     */
    @Value.Default
    public String source() {
        return "";
    }
    /**
     * The outgoing interface the rule matches (JSON {@code interface}, a Java keyword).
     *
     * @return the {@code iface} value
     */
    @Value.Default
    public String iface() {
        return "";
    }
    /**
     * MatchOperator defines how the route's prefix is compared against CIDR. "Equal" requires an exact
     * prefix match, "In" requires the route to be contained within the CIDR (or equal), "NotEqual" and
     * "NotIn" are their negations. Only meaningful when CIDR is also specified. Required when CIDR is
     * set.
     *
     * @return the {@code matchOperator} value
     */
    @Value.Default
    public String matchOperator() {
        return "";
    }
    /**
     * What the rule does with a matching route: {@code Accept} or {@code Reject}.
     *
     * @return the action
     */
    @Value.Default
    public String action() {
        return "";
    }
    /**
     * Other rule fields Calico knows, by JSON name.
     *
     * @return the {@code extra} values, empty when not set
     */
    public abstract Map<String, JsonValue> extra();

    /** Builds a {@link BgpFilterRule}. */
    public static class Builder extends ImmutableBgpFilterRule.Builder {
        /** Creates an empty builder, as {@link BgpFilterRule#builder()} does. */
        public Builder() {
        }

    }
}
