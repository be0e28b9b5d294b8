package org.calico4j.model.internal.rules;

import java.util.List;
import java.util.Optional;

import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.validation.ValidationContext;

/**
 * IPPool: Calico's client defaulting and checks ({@code clientv3/ippool.go validateAndSetDefaults})
 * and its validator ({@code validateIPPoolSpec}), in Calico's order.
 */
final class IpPoolRules {
    static final Cidr V4_LINK_LOCAL = Cidr.parse("169.254.0.0/16");
    static final Cidr V6_LINK_LOCAL = Cidr.parse("fe80::/10");
    private static final String TOO_SMALL =
            "IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.";

    private IpPoolRules() {
    }

    /** The client step; returns the defaulted pool, or empty with violations collected. */
    static Optional<IpPool> defaultAndCheck(IpPool pool, ValidationContext ctx, Collector c) {
        IpPoolSpec s = pool.spec();
        if (s.cidr().isEmpty()) {
            c.add("IPPool.Spec.CIDR", null, "IPPool CIDR must be specified");
            return Optional.empty();
        }
        Optional<Cidr> parsed = s.parsedCidr();
        if (parsed.isEmpty()) {
            c.add("IPPool.Spec.CIDR", s.cidr(), "IPPool CIDR must be a valid subnet");
            return Optional.empty();
        }
        Cidr given = parsed.get();
        Cidr network = given.network();
        String cidr = network.toString();
        Optional<IpPool> previous = ctx.previous().filter(IpPool.class::isInstance).map(IpPool.class::cast);
        previous.ifPresent(old -> {
            if (!cidrChangeOk(old.spec().cidr(), s.cidr())) {
                c.add("IPPool.Spec.CIDR", cidr, "IPPool CIDR cannot be modified");
            }
        });
        int blockSize = s.blockSize() != 0 ? s.blockSize() : (network.version() == 4 ? 26 : 122);
        List<String> uses = s.allowedUses().isEmpty() ? List.of("Workload", "Tunnel") : s.allowedUses();
        if (previous.isPresent() && previous.get().spec().allowedUses().contains("LoadBalancer")) {
            for (String u : uses) {
                if (!u.equals("LoadBalancer")) {
                    c.add("IPPool.Spec.AllowedUses", Collector.goList(uses),
                            "IPPool allowed use cannot be changed from LoadBalacer to Workload or Tunnel");
                    return Optional.empty();
                }
            }
        }
        previous.ifPresent(old -> {
            if (old.spec().blockSize() != blockSize) {
                c.add("IPPool.Spec.BlockSize", Integer.toString(blockSize), "IPPool BlockSize cannot be modified");
            }
        });
        if (network.version() == 4 && (blockSize < 20 || blockSize > 32)) {
            c.add("IPPool.Spec.BlockSize", Integer.toString(blockSize), "IPv4 block size must be between 20 and 32");
        } else if (network.version() == 6 && (blockSize < 116 || blockSize > 128)) {
            c.add("IPPool.Spec.BlockSize", Integer.toString(blockSize), "IPv6 block size must be between 116 and 128");
        }
        if (!s.disabled() && network.prefixLength() > blockSize) {
            c.add("IPPool.Spec.CIDR", cidr, TOO_SMALL);
        }
        if (previous.isEmpty()) {
            for (IpPool other : ctx.poolsOverlapping(network)) {
                if (!other.name().equals(pool.name())) {
                    c.add("IPPool.Spec.CIDR", cidr, "IPPool(" + pool.name() + ") CIDR overlaps with IPPool("
                            + other.name() + ") CIDR " + other.spec().cidr());
                }
            }
        }
        String ipip = s.ipipMode().isEmpty() ? "Never" : s.ipipMode();
        String vxlan = s.vxlanMode().isEmpty() ? "Never" : s.vxlanMode();
        if (!ipip.equals("Never") && !vxlan.equals("Never")) {
            c.add("IPPool.Spec.VXLANMode", vxlan, "Cannot enable both VXLAN and IPIP on the same IPPool");
        }
        if (network.version() == 6 && !ipip.equals("Never")) {
            c.add("IPPool.Spec.IPIPMode", ipip, "IPIP is not supported on an IPv6 IP pool");
        }
        if (!given.isStrictlyMasked()) {
            c.add("IPPool.Spec.CIDR", cidr, "IPPool CIDR is not strictly masked");
        }
        if (network.version() == 4 && network.overlaps(V4_LINK_LOCAL)) {
            c.add("IPPool.Spec.CIDR", cidr, "IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16");
        }
        if (network.version() == 6 && network.overlaps(V6_LINK_LOCAL)) {
            c.add("IPPool.Spec.CIDR", cidr, "IPPool CIDR overlaps with IPv6 Link Local range fe80::/10");
        }
        if (!c.isEmpty()) {
            return Optional.empty();
        }
        if (cidr.equals(s.cidr()) && !s.nodeSelector().isEmpty() && blockSize == s.blockSize() && !s.allowedUses().isEmpty()
                && s.assignmentMode().isPresent() && ipip.equals(s.ipipMode()) && vxlan.equals(s.vxlanMode())) {
            return Optional.of(pool); // already in its defaulted form, as a stored pool read back for an update is
        }
        IpPoolSpec.Builder b = IpPoolSpec.builder().from(s).cidr(cidr).blockSize(blockSize).allowedUses(uses)
                .ipipMode(ipip).vxlanMode(vxlan);
        if (s.nodeSelector().isEmpty()) {
            b.nodeSelector("all()");
        }
        if (s.assignmentMode().isEmpty()) {
            b.assignmentMode("Automatic");
        }
        return Optional.of(pool.withSpec(b.build()));
    }

    /**
     * Whether the whole pipeline would take {@code pool} as it stands, with no violation and nothing defaulted, leaving
     * aside the object meta (which the caller checks): a pool in its stored form (a stored pool read back and edited,
     * or one written in full) passes every rule of every step, so those steps can be skipped. It answers true only
     * where each rule of the client's checks ({@link #defaultAndCheck}), the validator ({@link #validate}) and the CRD
     * schema (enums, the block size's limits, the required CIDR, the assignment mode's default) is known to pass; a
     * pool it does not take goes through the steps, which find and word what is wrong. The rules here are those steps'
     * conditions, merged where they repeat; {@code IpPoolFastPathTest} holds them to the steps over generated pools.
     */
    static boolean takenAsIs(IpPool pool, ValidationContext ctx) {
        IpPoolSpec s = pool.spec();
        Resource previous = ctx.previous().orElse(null);
        IpPoolSpec old = previous instanceof IpPool ? ((IpPool) previous).spec() : null;
        // The same text parses the same: an edited pool's CIDR is read once, when the stored one was.
        Cidr cidr = (old != null && old.cidr().equals(s.cidr()) ? old : s).parsedCidr().orElse(null);
        if (cidr == null || !cidr.isStrictlyMasked() || !cidr.toString().equals(s.cidr())) {
            return false;
        }
        boolean v4 = cidr.version() == 4;
        int block = s.blockSize();
        String ipip = s.ipipMode();
        String vxlan = s.vxlanMode();
        String nodes = s.nodeSelector();
        String namespaces = s.namespaceSelector();
        List<String> uses = s.allowedUses();
        if (!(v4 ? block >= 20 && block <= 32 : block >= 116 && block <= 128)
                || (!s.disabled() && cidr.prefixLength() > block)
                || !encapMode(ipip) || !encapMode(vxlan)
                || !(ipip.equals("Never") || vxlan.equals("Never")) || (!v4 && !ipip.equals("Never"))
                || cidr.overlaps(v4 ? V4_LINK_LOCAL : V6_LINK_LOCAL)
                || nodes.isEmpty() || (!nodes.equals("all()") && (nodes.contains("global(") || !GoChecks.selector(nodes)))
                || (!namespaces.isEmpty() && (namespaces.contains("global(") || !GoChecks.selector(namespaces)))
                || uses.isEmpty() || s.assignmentMode().isEmpty()) {
            return false;
        }
        String mode = s.assignmentMode().get();
        if (!mode.equals("Automatic") && !mode.equals("Manual")) {
            return false;
        }
        boolean lb = false;
        boolean workloadOrTunnel = false;
        boolean tunnel = false;
        for (int i = 0, n = uses.size(); i < n; i++) { // by index: no iterator through the unmodifiable view
            String use = uses.get(i);
            if (use.equals("LoadBalancer")) {
                lb = true;
            } else if (use.equals("Workload") || use.equals("Tunnel")) {
                workloadOrTunnel = true;
                tunnel |= use.equals("Tunnel");
            } else {
                return false;
            }
        }
        if ((lb && (workloadOrTunnel || s.disableBGPExport() || !nodes.equals("all()") || !ipip.equals("Never")
                || !vxlan.equals("Never"))) || (tunnel && !namespaces.isEmpty())) {
            return false;
        }
        if (old != null) {
            // An edit that kept the list of uses kept whether it names LoadBalancer.
            List<String> oldUses = old.allowedUses();
            return old.cidr().equals(s.cidr()) && old.blockSize() == block
                    && (lb || oldUses == uses || !oldUses.contains("LoadBalancer"));
        }
        for (IpPool other : ctx.poolsOverlapping(cidr)) {
            if (!other.name().equals(pool.name())) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link Enums#ENCAP}'s test written out: the set hashes the mode, three comparisons with constants do not, and
     * this runs on every update of a pool (ClientBenchmark.clientUpdate).
     */
    private static boolean encapMode(String mode) {
        return mode.equals("Never") || mode.equals("Always") || mode.equals("CrossSubnet");
    }

    /** A CIDR change on update is allowed only when it re-spells the same network (e.g. canonical IPv6 text). */
    private static boolean cidrChangeOk(String oldCidr, String newCidr) {
        if (oldCidr.equals(newCidr)) {
            return true;
        }
        Optional<Cidr> o = Cidr.tryParse(oldCidr);
        Optional<Cidr> n = Cidr.tryParse(newCidr);
        return o.isPresent() && n.isPresent() && o.get().equals(n.get());
    }

    /** Calico's validator: field tags, then {@code validateIPPoolSpec}. */
    static void validate(IpPool pool, Collector c) {
        IpPoolSpec s = pool.spec();
        if (!cidrOrIp(s).map(Cidr::isStrictlyMasked).orElse(false)) { // the net tag
            c.tag("CIDR", s.cidr(), "net");
        }
        if (!s.vxlanMode().isEmpty() && !Enums.ENCAP.contains(s.vxlanMode())) {
            c.tag("VXLANMode", s.vxlanMode(), "vxlanMode");
        }
        if (!s.ipipMode().isEmpty() && !Enums.ENCAP.contains(s.ipipMode())) {
            c.tag("IPIPMode", s.ipipMode(), "ipIpMode");
        }
        if (!s.nodeSelector().isEmpty() && !GoChecks.selector(s.nodeSelector())) {
            c.tag("NodeSelector", s.nodeSelector(), "selector");
        }
        if (!s.namespaceSelector().isEmpty() && !GoChecks.selector(s.namespaceSelector())) {
            c.tag("NamespaceSelector", s.namespaceSelector(), "selector");
        }
        s.assignmentMode().filter(m -> !m.equals("Automatic") && !m.equals("Manual"))
                .ifPresent(m -> c.tag("AssignmentMode", m, "assignmentMode"));
        structLevel(s, c);
    }

    /** Calico's {@code ParseCIDROrIP} of the pool's CIDR; a CIDR text is read once per spec ({@link IpPoolSpec#parsedCidr}). */
    private static Optional<Cidr> cidrOrIp(IpPoolSpec s) {
        return s.cidr().indexOf('/') >= 0 ? s.parsedCidr() : Cidr.tryParseCidrOrIp(s.cidr());
    }

    private static void structLevel(IpPoolSpec s, Collector c) {
        if (s.cidr().isEmpty()) {
            c.add("IPpool.CIDR", s.cidr(), "IPPool CIDR must be specified");
        }
        Optional<Cidr> parsed = cidrOrIp(s);
        if (parsed.isEmpty()) {
            c.add("IPpool.CIDR", s.cidr(), "IPPool CIDR must be a valid subnet");
            return;
        }
        Cidr cidr = parsed.get();
        boolean lb = s.allowedUses().contains("LoadBalancer");
        boolean ipipOn = !s.ipipMode().equals("Never");
        boolean vxlanOn = !s.vxlanMode().isEmpty() && !s.vxlanMode().equals("Never");
        if (cidr.version() == 6 && ipipOn) {
            c.add("IPpool.IPIPMode", s.ipipMode(), "IPIPMode other than 'Never' is not supported on an IPv6 IP pool");
        }
        if (ipipOn && !s.ipipMode().isEmpty() && vxlanOn) {
            c.add("IPpool.IPIPMode", s.ipipMode(), "IPIPMode and VXLANMode cannot be enabled on LoadBalancer IP pool");
        }
        if (lb && ((ipipOn && !s.ipipMode().isEmpty()) || vxlanOn)) {
            c.add("IPpool.IPIPMode", s.ipipMode(), "Neither IPIPMode nor VXLANMode can be enabled on AllowedUses LoadBalancer IP pool");
        }
        String normalised = cidr.network().toString();
        int blockSize = s.blockSize() != 0 ? s.blockSize() : (cidr.version() == 4 ? 26 : 122);
        if (!s.disabled() && cidr.prefixLength() > blockSize) {
            c.add("IPpool.CIDR", normalised, TOO_SMALL);
        }
        if (!cidr.isStrictlyMasked()) {
            c.add("IPpool.CIDR", normalised, "IP pool CIDR is not strictly masked");
        }
        if (cidr.version() == 4 && cidr.overlaps(V4_LINK_LOCAL)) {
            c.add("IPpool.CIDR", normalised, "IP pool range overlaps with IPv4 Link Local range 169.254.0.0/16");
        }
        if (cidr.version() == 6 && cidr.overlaps(V6_LINK_LOCAL)) {
            c.add("IPpool.CIDR", normalised, "IP pool range overlaps with IPv6 Link Local range fe80::/10");
        }
        for (String use : s.allowedUses()) {
            if (use.equals("Workload") || use.equals("Tunnel")) {
                if (lb) {
                    c.add("IPpool.AllowedUses", use, "LoadBalancer cannot be used at the same time as: " + use);
                }
            } else if (!use.equals("LoadBalancer")) {
                c.add("IPpool.AllowedUses", use, "unknown use: " + use);
            }
        }
        if (lb && s.disableBGPExport()) {
            c.add("IPpool.DisableBGPExport", "true",
                    "IP Pool with AllowedUse LoadBalancer must have DisableBGPExport set to true");
        }
        if (lb && !s.nodeSelector().equals("all()")) {
            c.add("IPpool.NodeSelector", s.nodeSelector(),
                    "IP Pool with AllowedUse LoadBalancer must have node selector set to all()");
        }
        if (s.allowedUses().contains("Tunnel") && !s.namespaceSelector().isEmpty()) {
            c.add("IPpool.NamespaceSelector", s.namespaceSelector(), "IP Pool with AllowedUse Tunnel cannot have"
                    + " namespaceSelector specified - tunnel IPs are not namespaced resources");
        }
        if (s.nodeSelector().contains("global(")) {
            c.add("IPpool.NodeSelector", s.nodeSelector(),
                    "global() selector is not valid for IPPool nodeSelector - use all() instead");
        }
        if (s.namespaceSelector().contains("global(")) {
            c.add("IPpool.NamespaceSelector", s.namespaceSelector(),
                    "global() selector is not valid for IPPool namespaceSelector - use all() instead");
        }
    }
}
