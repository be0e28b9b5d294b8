package org.calico4j.model.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.BgpFilter;
import org.calico4j.model.BgpFilterPrefixLength;
import org.calico4j.model.BgpFilterRule;
import org.calico4j.model.BgpFilterSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;

final class BgpFilterCodec extends ResourceCodec<BgpFilter> {
    private static final List<String> TYPED = List.of("cidr", "prefixLength", "source", "interface", "matchOperator", "action");

    private final Schema ruleSchema;
    private final List<String> ruleFields;
    private final List<String> extraFields;

    BgpFilterCodec(Schema schema) {
        super(Kind.BGP_FILTER, false);
        this.ruleSchema = schema.itemSchema("exportV4");
        List<String> all = new ArrayList<>(TYPED);
        List<String> extra = new ArrayList<>();
        for (String n : ruleSchema.propertyNames()) {
            if (!TYPED.contains(n)) {
                all.add(n);
                extra.add(n);
            }
        }
        this.ruleFields = List.copyOf(all);
        this.extraFields = List.copyOf(extra);
    }

    @Override
    protected BgpFilter decode(Fields top, ObjectMeta meta) {
        BgpFilterSpec spec = top.optObject("spec", goSpecType(), c -> {
            Fields f = c.fields(goSpec(), List.of("exportV4", "importV4", "exportV6", "importV6"));
            return BgpFilterSpec.builder()
                    .addAllExportV4(f.objectList("exportV4", "[]v3.BGPFilterRuleV4", x -> rule(x, "BGPFilterRuleV4")))
                    .addAllImportV4(f.objectList("importV4", "[]v3.BGPFilterRuleV4", x -> rule(x, "BGPFilterRuleV4")))
                    .addAllExportV6(f.objectList("exportV6", "[]v3.BGPFilterRuleV6", x -> rule(x, "BGPFilterRuleV6")))
                    .addAllImportV6(f.objectList("importV6", "[]v3.BGPFilterRuleV6", x -> rule(x, "BGPFilterRuleV6")))
                    .build();
        }).orElseGet(() -> BgpFilterSpec.builder().build());
        return BgpFilter.builder().metadata(meta).spec(spec).build();
    }

    private BgpFilterRule rule(Fields.NestedContext x, String goStruct) {
        Fields f = x.fields(goStruct, ruleFields);
        BgpFilterRule.Builder b = BgpFilterRule.builder()
                .cidr(f.string("cidr"))
                .source(f.string("source"))
                .iface(f.string("interface"))
                .matchOperator(f.string("matchOperator"))
                .action(f.string("action"));
        String lenStruct = goStruct.replace("Rule", "PrefixLength");
        f.optObject("prefixLength", "v3." + lenStruct, p -> {
            Fields pf = p.fields(lenStruct, List.of("min", "max"));
            BgpFilterPrefixLength.Builder pb = BgpFilterPrefixLength.builder();
            pf.optInt("min", "int32").ifPresent(pb::min);
            pf.optInt("max", "int32").ifPresent(pb::max);
            return pb.build();
        }).ifPresent(b::prefixLength);
        b.putAllExtra(ruleSchema.decodeExtra(f, extraFields, goStruct));
        return b.build();
    }

    @Override
    protected void writeSpec(BgpFilter filter, Out out) {
        BgpFilterSpec s = filter.spec();
        out.list("exportV4", s.exportV4(), BgpFilterCodec::encodeRule)
                .list("importV4", s.importV4(), BgpFilterCodec::encodeRule)
                .list("exportV6", s.exportV6(), BgpFilterCodec::encodeRule)
                .list("importV6", s.importV6(), BgpFilterCodec::encodeRule);
    }

    private static ObjectNode encodeRule(BgpFilterRule r) {
        ObjectNode n = Out.object()
                .str("cidr", r.cidr())
                .opt("prefixLength", r.prefixLength(), p -> Out.object().optInt("min", p.min()).optInt("max", p.max()).node())
                .str("source", r.source())
                .str("interface", r.iface())
                .str("matchOperator", r.matchOperator())
                .extra(r.extra())
                .node();
        // action has no omitempty in Calico's type.
        n.put("action", r.action());
        return n;
    }
}
