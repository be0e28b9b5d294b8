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

    @Value.Default
    public String cidr() {
        return "";
    }
    public abstract Optional<BgpFilterPrefixLength> prefixLength();
    @Value.Default
    public String source() {
        return "";
    }
    /** The outgoing interface the rule matches (JSON {@code interface}, a Java keyword). */
    @Value.Default
    public String iface() {
        return "";
    }
    @Value.Default
    public String matchOperator() {
        return "";
    }
    @Value.Default
    public String action() {
        return "";
    }
    /** Other rule fields Calico knows, by JSON name. */
    public abstract Map<String, JsonValue> extra();

    /** Builds a {@link BgpFilterRule}. */
    public static class Builder extends ImmutableBgpFilterRule.Builder {
        /** Creates an empty builder, as {@link BgpFilterRule#builder()} does. */
        public Builder() {
        }

    }
}
