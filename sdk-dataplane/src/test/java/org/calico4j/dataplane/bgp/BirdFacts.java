package org.calico4j.dataplane.bgp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts of a BIRD configuration that decide routing, read from confd's BIRD 1 files
 * ({@code bird.cfg} + {@code bird_aggr.cfg} + {@code bird_ipam.cfg}, and the {@code bird6*} twins) or
 * from calico4j's one BIRD 2 file, so that the two can be compared by meaning rather than as text.
 *
 * <p>Facts are named keys ({@code v4.session.Mesh_10_0_0_2.neighbor}, {@code v4.kernel},
 * {@code v4.static}, ...). Filter bodies are compared as their statements with whitespace and comments
 * removed. The BIRD 1 → BIRD 2 translations applied (and nothing else):
 * <ul>
 * <li>calico4j's per-family suffixes ({@code calico_aggr_v4}, {@code bgp_template_v6}) are dropped;
 *     channel statements ({@code ipv4 { import ...; export ...; next hop self; }}) count as the protocol's;</li>
 * <li>confd's {@code krt_tunnel="tunl0"} (Calico's BIRD fork) is removed from the kernel filter and becomes the
 *     fact {@code vN.tunnelPeers}: the Calico nodes among the sessions whose routes go through tunl0 (all for
 *     IPIP Always, those outside the subnet for CrossSubnet). calico4j states the same with static helper routes
 *     {@code <peer>/32 via <peer>%tunl0 onlink} in {@code protocol static calico_ipip_vN}, which its kernel filter
 *     keeps out of the kernel ({@code proto = "calico_ipip_vN"}); that statement is not a fact, nor is the
 *     {@code krt_tunnel=""} stand-in {@code if (ifname = "tunl0" && ... bgp_next_hop ~ subnet) then { ifname = "eth0"; gw = bgp_next_hop; }}
 *     in the other pools' lines;</li>
 * <li>confd's {@code listen bgp address A port P} is calico4j's {@code local port P} and {@code strict bind}
 *     with {@code source address A} in the template.</li>
 * </ul>
 */
final class BirdFacts {
    private final Map<String, String> facts = new TreeMap<>();

    Map<String, String> facts() {
        return facts;
    }

    /** A top-level block or statement: its header ({@code protocol bgp X from T}) and body (null for statements). */
    record Block(String header, String body) {
    }

    /** confd's output for one node: the six files by name (bird.cfg, bird_aggr.cfg, ... bird6_ipam.cfg). */
    static BirdFacts confd(Map<String, String> files, Set<String> nodeIps, boolean dropServiceHostRoutes) {
        BirdFacts f = new BirdFacts();
        for (int v : new int[] {4, 6}) {
            String p = v == 4 ? "bird" : "bird6";
            String main = files.get(p + ".cfg");
            if (main == null) {
                continue;
            }
            List<Block> blocks = new ArrayList<>();
            blocks.addAll(blocks(main));
            blocks.addAll(blocks(files.getOrDefault(p + "_aggr.cfg", "")));
            blocks.addAll(blocks(files.getOrDefault(p + "_ipam.cfg", "")));
            f.family(v, blocks, false, nodeIps, dropServiceHostRoutes);
            if (v == 4) {
                f.globals(blocks);
            }
        }
        return f;
    }

    /** calico4j's BIRD 2 file. */
    static BirdFacts calico4j(String config) {
        BirdFacts f = new BirdFacts();
        List<Block> all = blocks(config);
        f.globals(all);
        for (int v : new int[] {4, 6}) {
            String sfx = "_v" + v;
            List<Block> mine = new ArrayList<>();
            for (Block b : all) {
                String h = b.header();
                boolean family = h.matches("(function|filter|protocol \\S+|template bgp)\\s+'?[A-Za-z0-9_]*" + sfx + "\\b.*")
                        || h.matches("protocol bgp \\S+ from bgp_template" + sfx)
                        || h.matches("function 'bgp_.*FilterV" + v + "'.*");
                if (family) {
                    mine.add(b);
                }
            }
            f.family(v, mine, true, Set.of(), false);
        }
        return f;
    }

    // ------------------------------------------------------------------ parsing

    static String stripComments(String text) {
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        boolean comment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (comment) {
                if (c == '\n') {
                    comment = false;
                    sb.append(c);
                }
                continue;
            }
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                comment = true;
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static List<Block> blocks(String text) {
        String t = stripComments(text);
        List<Block> out = new ArrayList<>();
        int i = 0;
        StringBuilder header = new StringBuilder();
        boolean quoted = false;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && c == ';') {
                String h = norm(header.toString());
                if (!h.isEmpty()) {
                    out.add(new Block(h, null));
                }
                header.setLength(0);
                i++;
            } else if (!quoted && c == '{') {
                int end = matching(t, i);
                out.add(new Block(norm(header.toString()), t.substring(i + 1, end)));
                header.setLength(0);
                i = end + 1;
                // "};" after a block
                while (i < t.length() && (Character.isWhitespace(t.charAt(i)) || t.charAt(i) == ';')) {
                    i++;
                }
            } else {
                header.append(c);
                i++;
            }
        }
        return out;
    }

    private static int matching(String t, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"' && t.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && c == '{') {
                depth++;
            } else if (!quoted && c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("unbalanced braces after: " + t.substring(open, Math.min(t.length(), open + 80)));
    }

    private static String norm(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    /** A filter body without whitespace outside string literals, calico4j's family suffixes dropped. */
    static String canon(String body) {
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        String t = stripComments(body);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"' && (i == 0 || t.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (quoted || !Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        return normalizeAddresses(sb.toString().replaceAll("([A-Za-z_]+)_v[46]\\(", "$1("));
    }

    private static final Pattern V6_CIDR = Pattern.compile("(?<![0-9A-Za-z_:])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}/\\d{1,3}");

    /** IPv6 prefixes in one spelling ({@code 5000::0/64} and {@code 5000::/64} are the same prefix). */
    static String normalizeAddresses(String text) {
        Matcher m = V6_CIDR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String norm = org.calico4j.model.net.Cidr.tryParse(m.group()).map(Object::toString).orElse(m.group());
            m.appendReplacement(sb, Matcher.quoteReplacement(norm));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    // ------------------------------------------------------------------ facts

    private void put(String key, String value) {
        facts.put(key, value);
    }

    private void globals(List<Block> blocks) {
        for (Block b : blocks) {
            if (b.body() == null && b.header().startsWith("router id ")) {
                put("routerId", b.header().substring("router id ".length()));
            }
            if (b.body() != null && (b.header().equals("protocol device") || b.header().equals("protocol direct"))) {
                String kind = b.header().substring("protocol ".length());
                for (Block s : blocks(b.body())) {
                    if (s.header().startsWith("debug")) {
                        put(kind + ".debug", s.body() != null ? canon("{" + s.body() + "}") : s.header().substring(5).strip());
                    }
                    if (s.header().startsWith("interface ")) {
                        put(kind + ".interfaces", canon(s.header().substring("interface ".length())));
                    }
                }
                facts.putIfAbsent(kind + ".debug", "none");
            }
        }
    }

    private void family(int v, List<Block> blocks, boolean calico4j, Set<String> nodeIps, boolean dropServiceHostRoutes) {
        String f = "v" + v + ".";
        boolean enabled = false;
        Set<String> statics = new TreeSet<>();
        Set<String> helpers = new TreeSet<>();
        String kernel = null;
        String template = null;
        Map<String, Map<String, String>> sessions = new TreeMap<>();
        for (Block b : blocks) {
            String h = b.header();
            if (b.body() == null) {
                Matcher m = Pattern.compile("listen bgp(?: address (\\S+))?(?: port (\\d+))?").matcher(h);
                if (m.matches()) {
                    put(f + "listen.address", String.valueOf(m.group(1)));
                    put(f + "listen.port", String.valueOf(m.group(2)));
                }
                continue;
            }
            if (h.startsWith("function apply_communities")) {
                put(f + "communities", canon(b.body()));
            } else if (h.startsWith("function calico_aggr")) {
                put(f + "aggr", canon(b.body()));
            } else if (h.startsWith("function calico_export_to_bgp_peers")) {
                String body = canon(b.body());
                if (dropServiceHostRoutes) {
                    body = body.replaceAll("if\\(net~[0-9a-f.:]+/(32|128)\\)then\\{accept;\\}", "");
                }
                put(f + "export", body);
            } else if (h.startsWith("filter calico_kernel_programming")) {
                kernel = canon(b.body());
            } else if (h.startsWith("function reject_tunnel_routes") || h.startsWith("function reject_local_routes")) {
                put(f + h.split("[ (]")[1].replaceAll("_v[46]$", ""), canon(b.body()));
            } else if (h.startsWith("function 'bgp_")) {
                put(f + "bgpfilter." + h.substring("function ".length()).replace(" ", ""), canon(b.body()));
            } else if (h.startsWith("protocol static")) {
                boolean helper = h.startsWith("protocol static calico_ipip");
                for (Block r : blocks(b.body())) {
                    if (r.header().startsWith("route ")) {
                        String route = r.header();
                        if (helper) {
                            helpers.add(route.split(" ")[1].replaceAll("/(32|128)$", ""));
                        } else if (!(dropServiceHostRoutes && route.matches("route \\S+/(32|128) blackhole"))) {
                            statics.add(route);
                        }
                    }
                }
            } else if (h.startsWith("template bgp")) {
                enabled = true;
                template = b.body();
                Map<String, String> t = new TreeMap<>();
                String strictBindAddress = null;
                boolean strict = false;
                for (Block s : blocks(b.body())) {
                    String sh = s.header();
                    if (sh.startsWith("local as ")) {
                        put(f + "localAs", sh.substring("local as ".length()));
                    } else if (sh.startsWith("local port ")) {
                        put(f + "listen.port", sh.substring("local port ".length()));
                    } else if (sh.startsWith("debug")) {
                        put(f + "template.debug", s.body() != null ? canon("{" + s.body() + "}") : sh.substring(5).strip());
                    } else if (sh.equals("strict bind on") || sh.equals("strict bind")) {
                        strict = true;
                    } else if (sh.startsWith("source address ")) {
                        strictBindAddress = sh.substring("source address ".length());
                    }
                    t.put(sh, "");
                }
                if (calico4j) {
                    facts.putIfAbsent(f + "listen.port", "null");
                    if (strict) {
                        put(f + "listen.address", String.valueOf(strictBindAddress));
                    }
                    if (facts.containsKey(f + "listen.address") || !facts.get(f + "listen.port").equals("null")) {
                        facts.putIfAbsent(f + "listen.address", "null");
                    } else {
                        facts.remove(f + "listen.port");
                    }
                }
                facts.putIfAbsent(f + "template.debug", "none");
            } else if (h.startsWith("protocol bgp ")) {
                String name = h.split(" ")[2];
                sessions.put(name, session(b.body()));
            }
        }
        put(f + "enabled", String.valueOf(enabled));
        if (!enabled) {
            // confd writes `listen bgp` in bird6.cfg also when the node has no IPv6 speaker; without one it has no effect.
            facts.remove(f + "listen.address");
            facts.remove(f + "listen.port");
        }
        // Without a speaker (no address of this version) confd still writes the family's static routes, aggregation,
        // export functions and kernel filter: they program the blackholes. Those are compared too.
        put(f + "static", String.join("\n", statics));
        if (kernel != null) {
            Set<String> tunnel = new TreeSet<>();
            if (!calico4j) {
                Matcher always = Pattern.compile("if\\(net~([^)]+)\\)then\\{krt_tunnel=\"tunl0\";").matcher(kernel);
                Matcher cross = Pattern.compile("if\\(defined\\(bgp_next_hop\\)&&\\(bgp_next_hop~([^)]+)\\)\\)thenkrt_tunnel=\"\";elsekrt_tunnel=\"tunl0\";")
                        .matcher(kernel);
                boolean anyAlways = always.find();
                List<String> subnets = new ArrayList<>();
                while (cross.find()) {
                    subnets.add(cross.group(1));
                }
                for (Map<String, String> s : sessions.values()) {
                    String ip = s.get("neighbor");
                    if (ip == null || !nodeIps.contains(ip)) {
                        continue;
                    }
                    if (anyAlways || subnets.stream().anyMatch(sub -> !inSubnet(ip, sub))) {
                        tunnel.add(ip);
                    }
                }
                kernel = kernel.replaceAll("if\\(defined\\(bgp_next_hop\\)&&\\(bgp_next_hop~[^)]+\\)\\)thenkrt_tunnel=\"\";elsekrt_tunnel=\"tunl0\";", "")
                        .replace("krt_tunnel=\"tunl0\";", "");
            } else {
                tunnel.addAll(helpers);
                kernel = kernel.replaceAll("if\\(proto=\"calico_ipip_v[46]\"\\)thenreject;", "");
                kernel = kernel.replaceAll("if\\(ifname=\"tunl0\"&&defined\\(bgp_next_hop\\)&&bgp_next_hop~[^)]+\\)then\\{ifname=\"[^\"]+\";gw=bgp_next_hop;\\}", "");
            }
            put(f + "kernel", kernel);
            put(f + "tunnelPeers", String.join(",", tunnel));
        }
        for (Map.Entry<String, Map<String, String>> e : sessions.entrySet()) {
            for (Map.Entry<String, String> a : e.getValue().entrySet()) {
                put(f + "session." + e.getKey() + "." + a.getKey(), a.getValue());
            }
        }
        put(f + "sessions", String.join(",", sessions.keySet()));
    }

    private static boolean inSubnet(String ip, String cidr) {
        org.calico4j.model.net.Cidr c = org.calico4j.model.net.Cidr.parse(cidr);
        return c.network().containsAddress(org.calico4j.model.net.IpAddress.parse(ip));
    }

    private static Map<String, String> session(String body) {
        Map<String, String> s = new TreeMap<>();
        List<Block> stmts = new ArrayList<>(blocks(body));
        List<String> ttl = new ArrayList<>();
        for (int i = 0; i < stmts.size(); i++) {
            Block b = stmts.get(i);
            String h = b.header();
            if (b.body() != null && (h.equals("ipv4") || h.equals("ipv6"))) {
                stmts.addAll(blocks(b.body()));
                continue;
            }
            if (h.equals("import filter")) {
                s.put("import", canon(b.body()));
            } else if (h.equals("export filter")) {
                s.put("export", canon(b.body()));
            } else if (h.equals("import all") || h.equals("export all") || h.equals("import none") || h.equals("export none")) {
                s.put(h.split(" ")[0], h.split(" ")[1]);
            } else if (h.startsWith("neighbor ")) {
                Matcher m = Pattern.compile("neighbor (\\S+)(?: port (\\d+))? as (\\d+)").matcher(h);
                if (!m.matches()) {
                    throw new IllegalArgumentException("unexpected neighbour line: " + h);
                }
                s.put("neighbor", m.group(1));
                s.put("port", String.valueOf(m.group(2)));
                s.put("as", m.group(3));
            } else if (h.startsWith("local as ")) {
                s.put("localAs", h.substring(9));
            } else if (h.startsWith("source address ")) {
                s.put("source", h.substring(15));
            } else if (h.equals("passive on")) {
                s.put("passive", "true");
            } else if (h.startsWith("ttl security") || h.startsWith("multihop")) {
                ttl.add(h);
            } else if (h.startsWith("graceful restart time ")) {
                s.put("gracefulRestart", h.substring(22));
            } else if (h.startsWith("keepalive time ")) {
                s.put("keepalive", h.substring(15));
            } else if (h.equals("rr client")) {
                s.put("rrClient", "true");
            } else if (h.startsWith("rr cluster id ")) {
                s.put("rrClusterId", h.substring(14));
            } else if (h.startsWith("password ")) {
                s.put("password", h.substring(9));
            } else if (h.startsWith("next hop ")) {
                s.put("nextHop", h.substring(9));
            } else if (h.startsWith("allow local as")) {
                s.put("allowLocalAs", h.substring(14).strip());
            }
        }
        if (!ttl.isEmpty()) {
            s.put("ttl", String.join(",", ttl));
        }
        s.putIfAbsent("passive", "false");
        return s;
    }
}
