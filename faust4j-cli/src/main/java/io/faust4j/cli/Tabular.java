package io.faust4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Formats rows of named values as a plain text table with aligned columns, for people to read. */
final class Tabular {
    private Tabular() {
    }

    /** The rows as a table under a header of their keys; "(none)" when there are no rows. */
    static String format(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return "(none)" + System.lineSeparator();
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
            for (Map<String, Object> row : rows) {
                widths[c] = Math.max(widths[c], cell(row.get(columns.get(c))).length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendLine(text, columns.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList(), widths);
        for (Map<String, Object> row : rows) {
            appendLine(text, columns.stream().map(c -> cell(row.get(c))).toList(), widths);
        }
        return text.toString();
    }

    private static void appendLine(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(c == cells.size() - 1 ? cells.get(c) : String.format("%-" + (widths[c] + 2) + "s", cells.get(c)));
        }
        text.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(k + ": " + v));
            return String.join(", ", parts);
        }
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
