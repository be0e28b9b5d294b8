package org.calico4j.model.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes a JSON tree as block YAML the way calicoctl (go-yaml v2) prints it: keys sorted,
 * two-space indent, sequences not indented under their key, strings quoted (single quotes)
 * only where a YAML 1.1 reader would otherwise see something other than that string.
 */
public final class YamlEmitter {
    // YAML 1.1 plain scalars that resolve to something other than a string.
    private static final Pattern NON_STRING = Pattern.compile(
            "(?i:y|n|yes|no|true|false|on|off|null|~)"
                    + "|[-+]?(0|[1-9][0-9_]*)"
                    + "|[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+"
                    + "|[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
                    + "|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"
                    + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
                    + "|\\d{4}-\\d\\d?-\\d\\d?([Tt ].*)?|<<|=");

    private YamlEmitter() {
    }

    public static String write(JsonNode root) {
        StringBuilder sb = new StringBuilder();
        if (root.isObject()) {
            if (root.isEmpty()) {
                sb.append("{}\n");
            } else {
                mapping(sb, root, 0);
            }
        } else if (root.isArray()) {
            if (root.isEmpty()) {
                sb.append("[]\n");
            } else {
                sequence(sb, root, 0);
            }
        } else {
            sb.append(scalar(root)).append('\n');
        }
        return sb.toString();
    }

    private static void mapping(StringBuilder sb, JsonNode node, int indent) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        boolean first = true;
        for (String k : keys) {
            if (!first) {
                pad(sb, indent);
            }
            first = false;
            sb.append(string(k)).append(':');
            value(sb, node.get(k), indent, true);
        }
    }

    private static void sequence(StringBuilder sb, JsonNode node, int indent) {
        boolean first = true;
        for (JsonNode item : node) {
            if (!first) {
                pad(sb, indent);
            }
            first = false;
            sb.append('-');
            if (item.isObject() && !item.isEmpty()) {
                sb.append(' ');
                mapping(sb, item, indent + 2);
            } else if (item.isArray() && !item.isEmpty()) {
                sb.append(' ');
                sequence(sb, item, indent + 2);
            } else {
                value(sb, item, indent, false);
            }
        }
    }

    private static void value(StringBuilder sb, JsonNode v, int indent, boolean inMapping) {
        if (v.isObject() && !v.isEmpty()) {
            sb.append('\n');
            pad(sb, indent + 2);
            mapping(sb, v, indent + 2);
        } else if (v.isArray() && !v.isEmpty()) {
            sb.append('\n');
            // go-yaml writes a mapping's sequence at the mapping's own indent.
            int at = inMapping ? indent : indent + 2;
            pad(sb, at);
            sequence(sb, v, at);
        } else {
            sb.append(' ').append(scalar(v)).append('\n');
        }
    }

    private static void pad(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append(' ');
        }
    }

    private static String scalar(JsonNode v) {
        if (v.isObject()) {
            return "{}";
        }
        if (v.isArray()) {
            return "[]";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return string(v.textValue());
        }
        return v.asText();
    }

    static String string(String s) {
        if (plainSafe(s)) {
            return s;
        }
        // go-yaml v2 double-quotes strings that would read back as another type ("", "1", "true", "null"),
        // and single-quotes the other strings a plain scalar cannot carry.
        if (s.isEmpty() || NON_STRING.matcher(s).matches()) {
            return doubleQuoted(s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return doubleQuoted(s);
            }
        }
        return "'" + s.replace("'", "''") + "'";
    }

    private static boolean plainSafe(String s) {
        if (s.isEmpty() || NON_STRING.matcher(s).matches()) {
            return false;
        }
        char first = s.charAt(0);
        if ("-?:,[]{}#&*!|>'\"%@` ".indexOf(first) >= 0 && !(first == '-' || first == '?' || first == ':')) {
            return false;
        }
        if ((first == '-' || first == '?' || first == ':') && (s.length() == 1 || s.charAt(1) == ' ')) {
            return false;
        }
        if (s.charAt(s.length() - 1) == ' ' || s.charAt(s.length() - 1) == ':') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c > 0x7e && c < 0xa0) {
                return false;
            }
            if (c == ':' && i + 1 < s.length() && s.charAt(i + 1) == ' ') {
                return false;
            }
            if (c == '#' && s.charAt(i - 1 < 0 ? 0 : i - 1) == ' ') {
                return false;
            }
            if (c == '[' || c == ']' || c == '{' || c == '}' || c == ',') {
                // Safe in block context, but flow readers stumble; go-yaml quotes these too.
                return false;
            }
        }
        return true;
    }

    private static String doubleQuoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '\r': sb.append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02X", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
