package org.calico4j.model.internal.rules;

import org.calico4j.model.IpReservation;

/** IPReservation: the {@code cidrs} tag (each entry a CIDR, host bits allowed, or a bare IP). */
final class IpReservationRules {
    private IpReservationRules() {
    }

    static void validate(IpReservation r, Collector c) {
        for (String cidr : r.spec().reservedCIDRs()) {
            if (!GoChecks.cidr(cidr)) {
                c.tag("ReservedCIDRs", Collector.goList(r.spec().reservedCIDRs()), "cidrs");
                return;
            }
        }
    }
}
