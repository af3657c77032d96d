package io.faust4j.internal;

import io.faust4j.ConfigurationException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) evaluated in a time zone.
 * Each field is {@code *}, a number, a range {@code a-b}, a step {@code * /n}, {@code a-b/n} or {@code a/n}, or a
 * comma-separated list of those; months and days of the week also take names ({@code JAN}, {@code MON}), day
 * of week 0 and 7 are Sunday. As in Vixie cron, when both day fields are restricted a day matching either
 * one matches. {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @midnight} and {@code @hourly} stand for their usual expressions.
 *
 * <p>Daylight saving time: a local time that does not exist (the clock jumps over it) fires at the instant
 * of the jump, once however many such times the gap holds; a local time that happens twice fires once, at
 * its first occurrence.
 */
final class CronSchedule {
    private static final String FORMAT = "expected five fields, minute hour day-of-month month day-of-week"
            + " (e.g. '*/15 9-17 * * MON-FRI'), or @hourly, @daily, @weekly, @monthly, @yearly";
    private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int[] MONTH_DAYS = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private final String expression;
    private final ZoneId zone;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronSchedule(String expression, ZoneId zone, String[] fields) {
        this.expression = expression;
        this.zone = zone;
        this.minutes = field(fields[0], "minute", 0, 59, List.of());
        this.hours = field(fields[1], "hour", 0, 23, List.of());
        this.daysOfMonth = field(fields[2], "day-of-month", 1, 31, List.of());
        this.months = field(fields[3], "month", 1, 12, MONTHS);
        long dow = field(fields[4], "day-of-week", 0, 7, DAYS);
        this.daysOfWeek = (dow & 0x7F) | ((dow >>> 7) & 1); // 7 is Sunday too
        this.anyDayOfMonth = fields[2].startsWith("*");
        this.anyDayOfWeek = fields[4].startsWith("*");
    }

    /**
     * Parses {@code expression} for {@code zone}.
     *
     * @throws ConfigurationException naming the bad field, or saying that the expression never matches
     */
    static CronSchedule parse(String expression, ZoneId zone) {
        if (expression == null || zone == null) {
            throw new ConfigurationException("A crontab needs an expression and a zone (got " + expression + ", " + zone
                    + "): " + FORMAT);
        }
        String trimmed = expression.trim();
        String expanded = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new ConfigurationException("Invalid crontab '" + expression + "': " + fields.length + " field(s), "
                    + FORMAT);
        }
        CronSchedule schedule;
        try {
            schedule = new CronSchedule(expression, zone, fields);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid crontab '" + expression + "': " + e.getMessage() + "; " + FORMAT);
        }
        schedule.requireSomeDay();
        return schedule;
    }

    /** The first instant strictly after {@code millis} (epoch milliseconds) that the expression names. */
    long nextAfter(long millis) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), zone).truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        ZoneRules rules = zone.getRules();
        for (int guard = 0; guard < 1_000_000; guard++) {
            if (!has(months, t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
            } else if (!dayMatches(t)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!has(hours, t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!has(minutes, t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                long at = resolve(rules, t);
                if (at > millis) {
                    return at;
                }
                t = t.plusMinutes(1);
            }
        }
        throw new IllegalStateException("crontab '" + expression + "' found no time after " + Instant.ofEpochMilli(millis));
    }

    /** A local time's instant: in a gap, the instant of the jump; in an overlap, the first occurrence. */
    private static long resolve(ZoneRules rules, LocalDateTime local) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return rules.getTransition(local).getInstant().toEpochMilli();
        }
        return local.toInstant(offsets.get(0)).toEpochMilli();
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = has(daysOfMonth, t.getDayOfMonth());
        boolean dow = has(daysOfWeek, t.getDayOfWeek().getValue() % 7);
        if (anyDayOfMonth || anyDayOfWeek) {
            return dom && dow;
        }
        return dom || dow;
    }

    /** Fails when the day-of-month and month fields exclude each other (say 30 2 for February 30th). */
    private void requireSomeDay() {
        if (!anyDayOfMonth && !anyDayOfWeek) {
            return; // either day matches: some weekday of an allowed month always does
        }
        for (int month = 1; month <= 12; month++) {
            if (has(months, month) && Long.numberOfTrailingZeros(daysOfMonth) <= MONTH_DAYS[month - 1]) {
                return;
            }
        }
        throw new ConfigurationException("Invalid crontab '" + expression + "': no month of the month field has a day"
                + " of the day-of-month field, so it never fires");
    }

    private static boolean has(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }

    private static long field(String text, String name, int min, int max, List<String> names) {
        long bits = 0;
        for (String part : text.split(",", -1)) {
            bits |= part(part, name, min, max, names);
        }
        return bits;
    }

    private static long part(String part, String name, int min, int max, List<String> names) {
        String range = part;
        int step = 1;
        int slash = part.indexOf('/');
        if (slash >= 0) {
            range = part.substring(0, slash);
            step = number(part.substring(slash + 1), name + " step", 1, max - min + 1, List.of());
        }
        int from;
        int to;
        if (range.equals("*")) {
            from = min;
            to = max;
        } else {
            int dash = range.indexOf('-', 1);
            from = number(dash < 0 ? range : range.substring(0, dash), name, min, max, names);
            to = dash >= 0 ? number(range.substring(dash + 1), name, min, max, names) : slash >= 0 ? max : from;
            if (to < from) {
                throw new IllegalArgumentException(name + " range '" + range + "' goes backwards");
            }
        }
        long bits = 0;
        for (int v = from; v <= to; v += step) {
            bits |= 1L << v;
        }
        return bits;
    }

    private static int number(String text, String name, int min, int max, List<String> names) {
        int index = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (index >= 0) {
            return index + (names.size() == 12 ? 1 : 0);
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " '" + text + "' is not " + (names.isEmpty() ? "" : "a name ("
                + names.getFirst() + "...) or ") + "a number from " + min + " to " + max);
    }

    @Override
    public String toString() {
        return "crontab '" + expression + "' in " + zone;
    }
}
