package org.calico4j.testkit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A simulated cluster as a picture: boxes for nodes (with their workloads), routers and hosts,
 * dashed BGP sessions and the routes routers learned; written as Graphviz text or as SVG laid out
 * in three rows (hosts, routers, nodes), so a picture needs no external tool.
 *
 * <pre>{@code
 * ClusterPicture p = new ClusterPicture();
 * p.box("n1", ClusterPicture.Shape.NODE, List.of("n1", "10.0.0.11"));
 * String svg = p.toSvg();
 * }</pre>
 */
public final class ClusterPicture {
    /** What a box stands for. */
    public enum Shape { NODE, ROUTER, HOST }

    private record Box(String id, Shape shape, List<String> lines) {
    }

    private record Edge(String a, String b, String label) {
    }

    private static final int LINE = 14;
    private static final int CHAR = 7;
    private static final int GAP = 40;
    private static final int ROW_GAP = 120;

    private final Map<String, Box> boxes = new LinkedHashMap<>();
    private final Set<String> sessionPairs = new LinkedHashSet<>();
    private final List<Edge> sessions = new ArrayList<>();
    private final List<Edge> routes = new ArrayList<>();

    public void box(String id, Shape shape, List<String> lines) {
        boxes.put(id, new Box(id, shape, List.copyOf(lines)));
    }

    /** A BGP session, drawn once per pair whichever side reports it. */
    public void session(String a, String b, String label) {
        String key = a.compareTo(b) < 0 ? a + "\u0000" + b : b + "\u0000" + a;
        if (sessionPairs.add(key)) {
            sessions.add(new Edge(a, b, label));
        }
    }

    public void route(String router, String via, String prefix) {
        routes.add(new Edge(router, via, prefix));
    }

    public String toDot() {
        StringBuilder sb = new StringBuilder("digraph calico {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        for (Box b : boxes.values()) {
            String shape = b.shape() == Shape.NODE ? "box" : b.shape() == Shape.ROUTER ? "diamond" : "ellipse";
            sb.append("  \"").append(dot(b.id())).append("\" [shape=").append(shape).append(", label=\"")
                    .append(String.join("\\n", b.lines().stream().map(ClusterPicture::dot).toList())).append("\"];\n");
        }
        for (Edge s : sessions) {
            sb.append("  \"").append(dot(s.a())).append("\" -> \"").append(dot(s.b())).append("\" [dir=none, style=dashed, label=\"")
                    .append(s.label()).append("\"];\n");
        }
        for (Edge r : routes) {
            sb.append("  \"").append(dot(r.a())).append("\" -> \"").append(dot(r.b())).append("\" [color=blue, fontcolor=blue, label=\"")
                    .append(dot(r.label())).append("\"];\n");
        }
        return sb.append("}\n").toString();
    }

    private static String dot(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private record Place(int x, int y, int w, int h) {
        int cx() {
            return x + w / 2;
        }

        int cy() {
            return y + h / 2;
        }
    }

    public String toSvg() {
        Map<String, Place> at = new LinkedHashMap<>();
        int width = 0;
        int y = 20;
        for (Shape row : new Shape[] {Shape.HOST, Shape.ROUTER, Shape.NODE}) {
            int x = 20;
            int rowHeight = 0;
            for (Box b : boxes.values()) {
                if (b.shape() != row) {
                    continue;
                }
                int w = b.lines().stream().mapToInt(String::length).max().orElse(4) * CHAR + 16;
                int h = b.lines().size() * LINE + 12;
                at.put(b.id(), new Place(x, y, w, h));
                x += w + GAP;
                rowHeight = Math.max(rowHeight, h);
            }
            width = Math.max(width, x);
            if (rowHeight > 0) {
                y += rowHeight + ROW_GAP;
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(Math.max(width, 200)).append("\" height=\"")
                .append(Math.max(y, 100)).append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        sb.append("  <defs><marker id=\"arrow\" markerWidth=\"10\" markerHeight=\"7\" refX=\"10\" refY=\"3.5\" orient=\"auto\">"
                + "<polygon points=\"0 0, 10 3.5, 0 7\" fill=\"blue\"/></marker></defs>\n");
        for (Edge s : sessions) {
            line(sb, at.get(s.a()), at.get(s.b()), s.label(), "stroke=\"gray\" stroke-dasharray=\"6,4\"", "gray", -6);
        }
        for (Edge r : routes) {
            line(sb, at.get(r.a()), at.get(r.b()), r.label(), "stroke=\"blue\" marker-end=\"url(#arrow)\"", "blue", 10);
        }
        for (Box b : boxes.values()) {
            Place p = at.get(b.id());
            String fill = b.shape() == Shape.NODE ? "#e8f0fe" : b.shape() == Shape.ROUTER ? "#fde8c8" : "#e6f4ea";
            int rx = b.shape() == Shape.HOST ? p.h() / 2 : b.shape() == Shape.ROUTER ? 12 : 3;
            sb.append("  <g class=\"").append(b.shape().name().toLowerCase(java.util.Locale.ROOT)).append("\"><rect x=\"").append(p.x())
                    .append("\" y=\"").append(p.y()).append("\" width=\"").append(p.w()).append("\" height=\"").append(p.h())
                    .append("\" rx=\"").append(rx).append("\" fill=\"").append(fill).append("\" stroke=\"black\"/>\n");
            for (int i = 0; i < b.lines().size(); i++) {
                sb.append("    <text x=\"").append(p.x() + 8).append("\" y=\"").append(p.y() + 18 + i * LINE).append('"')
                        .append(i == 0 ? " font-weight=\"bold\"" : "").append('>').append(xml(b.lines().get(i))).append("</text>\n");
            }
            sb.append("  </g>\n");
        }
        return sb.append("</svg>\n").toString();
    }

    private static void line(StringBuilder sb, Place a, Place b, String label, String style, String color, int labelOffset) {
        if (a == null || b == null) {
            return;
        }
        int ay = a.cy() < b.cy() ? a.y() + a.h() : a.cy() > b.cy() ? a.y() : a.cy();
        int by = b.cy() < a.cy() ? b.y() + b.h() : b.cy() > a.cy() ? b.y() : b.cy();
        sb.append("  <line x1=\"").append(a.cx()).append("\" y1=\"").append(ay).append("\" x2=\"").append(b.cx()).append("\" y2=\"")
                .append(by).append("\" ").append(style).append("/>\n");
        sb.append("  <text x=\"").append((a.cx() + b.cx()) / 2 + 4).append("\" y=\"").append((ay + by) / 2 + labelOffset)
                .append("\" fill=\"").append(color).append("\">").append(xml(label)).append("</text>\n");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
