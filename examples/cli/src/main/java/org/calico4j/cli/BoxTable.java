package org.calico4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bordered tables calicoctl prints with Go's tablewriter: centred headers, numbers right-aligned,
 * other cells left-aligned, one space of padding.
 */
final class BoxTable {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?(e[+-][0-9]+)?");

    private BoxTable() {
    }

    static String render(String[] header, List<String[]> rows) {
        int[] width = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder line = new StringBuilder("+");
        for (int w : width) {
            line.append("-".repeat(w + 2)).append('+');
        }
        line.append('\n');
        StringBuilder sb = new StringBuilder(line);
        sb.append('|');
        for (int i = 0; i < header.length; i++) {
            int gap = width[i] - header[i].length();
            sb.append(' ').append(" ".repeat(gap / 2)).append(header[i]).append(" ".repeat(gap - gap / 2)).append(" |");
        }
        sb.append('\n').append(line);
        for (String[] r : rows) {
            sb.append('|');
            for (int i = 0; i < r.length; i++) {
                String pad = " ".repeat(width[i] - r[i].length());
                sb.append(' ').append(NUMBER.matcher(r[i]).matches() ? pad + r[i] : r[i] + pad).append(" |");
            }
            sb.append('\n');
        }
        if (!rows.isEmpty()) {
            sb.append(line);
        }
        return sb.toString();
    }
}
