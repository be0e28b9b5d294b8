package org.calico4j.model.internal;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.calico4j.model.IpReservation;
import org.calico4j.model.IpReservationSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.ObjectMeta;

final class IpReservationCodec extends ResourceCodec<IpReservation> {
    IpReservationCodec() {
        super(Kind.IP_RESERVATION, false);
    }

    @Override
    protected IpReservation decode(Fields top, ObjectMeta meta) {
        IpReservationSpec spec = top.optObject("spec", goSpecType(), c -> {
            Fields f = c.fields(goSpec(), List.of("reservedCIDRs"));
            return IpReservationSpec.builder().addAllReservedCIDRs(f.stringList("reservedCIDRs", "[]string")).build();
        }).orElseGet(() -> IpReservationSpec.builder().build());
        return IpReservation.builder().metadata(meta).spec(spec).build();
    }

    @Override
    protected void writeSpec(IpReservation r, Out out) {
        out.strings("reservedCIDRs", r.spec().reservedCIDRs());
    }
}
