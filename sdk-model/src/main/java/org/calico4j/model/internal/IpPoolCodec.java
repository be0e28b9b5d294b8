package org.calico4j.model.internal;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;

final class IpPoolCodec extends ResourceCodec<IpPool> {
    private static final List<String> SPEC = List.of("cidr", "vxlanMode", "ipipMode", "natOutgoing", "disabled",
            "disableBGPExport", "blockSize", "nodeSelector", "namespaceSelector", "allowedUses", "assignmentMode");

    IpPoolCodec() {
        super(Kind.IP_POOL, true);
    }

    @Override
    protected IpPool decode(Fields top, ObjectMeta meta) {
        IpPoolSpec spec = top.optObject("spec", goSpecType(), c -> {
            Fields f = c.fields(goSpec(), SPEC);
            IpPoolSpec.Builder b = IpPoolSpec.builder();
            b.cidr(f.string("cidr"))
                    .vxlanMode(f.string("vxlanMode"))
                    .ipipMode(f.string("ipipMode"))
                    .natOutgoing(f.bool("natOutgoing"))
                    .disabled(f.bool("disabled"))
                    .disableBGPExport(f.bool("disableBGPExport"))
                    .blockSize(f.integer("blockSize", "int"))
                    .nodeSelector(f.string("nodeSelector"))
                    .namespaceSelector(f.string("namespaceSelector"))
                    .addAllAllowedUses(f.stringList("allowedUses", "[]v3.IPPoolAllowedUse"));
            f.optString("assignmentMode").ifPresent(b::assignmentMode);
            return b.build();
        }).orElseGet(() -> IpPoolSpec.builder().build());
        IpPool.Builder b = IpPool.builder();
        b.metadata(meta).spec(spec);
        top.optJson("status").ifPresent(b::status);
        return b.build();
    }

    @Override
    protected void writeSpec(IpPool pool, Out out) {
        IpPoolSpec s = pool.spec();
        out.str("cidr", s.cidr())
                .str("vxlanMode", s.vxlanMode())
                .str("ipipMode", s.ipipMode())
                .bool("natOutgoing", s.natOutgoing())
                .bool("disabled", s.disabled())
                .bool("disableBGPExport", s.disableBGPExport())
                .integer("blockSize", s.blockSize())
                .str("nodeSelector", s.nodeSelector())
                .str("namespaceSelector", s.namespaceSelector())
                .strings("allowedUses", s.allowedUses())
                .optStr("assignmentMode", s.assignmentMode());
    }

    @Override
    protected void encodeStatus(IpPool pool, ObjectNode node) {
        pool.status().ifPresent(s -> node.set("status", s.toJsonNode()));
    }
}
