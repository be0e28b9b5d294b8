package org.calico4j.model.internal.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Kubernetes apimachinery's name checks with their message texts ({@code IsQualifiedName} ...). */
final class K8sNames {
    private static final String QN_CHAR = "[A-Za-z0-9]";
    private static final String QN_FMT = "(" + QN_CHAR + "[-A-Za-z0-9_.]*)?" + QN_CHAR;
    private static final Pattern QUALIFIED_NAME = Pattern.compile(QN_FMT);
    private static final Pattern LABEL_VALUE = Pattern.compile("(" + QN_FMT + ")?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private static final String QN_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must"
            + " start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used"
            + " for validation is '" + QN_FMT + "')";
    private static final String QN_SHAPE_MSG = "a qualified name must consist of alphanumeric characters, '-', '_' or"
            + " '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or"
            + " '123-abc', regex used for validation is '" + QN_FMT + "') with an optional DNS subdomain prefix and"
            + " '/' (e.g. 'example.com/MyName')";
    private static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
            + " characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
            + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric"
            + " characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', "
            + " or 'my_value',  or '12345', regex used for validation is '(" + QN_FMT + ")?')";

    private K8sNames() {
    }

    static List<String> isQualifiedName(String value) {
        List<String> errs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                for (String m : isDns1123Subdomain(prefix)) {
                    errs.add("prefix part " + m);
                }
            }
        } else {
            errs.add(QN_SHAPE_MSG);
            return errs;
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > 63) {
            errs.add("name part must be no more than 63 characters");
        }
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            errs.add(QN_MSG);
        }
        return errs;
    }

    static List<String> isDns1123Subdomain(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 253) {
            errs.add("must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errs.add(SUBDOMAIN_MSG);
        }
        return errs;
    }

    static List<String> isValidLabelValue(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add("must be no more than 63 characters");
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errs.add(LABEL_VALUE_MSG);
        }
        return errs;
    }
}
