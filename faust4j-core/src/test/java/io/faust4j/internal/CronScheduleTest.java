package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.ConfigurationException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Five-field cron expressions: fields, day rules, zones and daylight saving changes. */
class CronScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static List<ZonedDateTime> fires(String expression, ZoneId zone, String fromLocal, int count) {
        CronSchedule cron = CronSchedule.parse(expression, zone);
        long t = LocalDateTime.parse(fromLocal).atZone(zone).toInstant().toEpochMilli();
        List<ZonedDateTime> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            t = cron.nextAfter(t);
            out.add(Instant.ofEpochMilli(t).atZone(zone));
        }
        return out;
    }

    private static List<String> local(List<ZonedDateTime> times) {
        return times.stream().map(z -> z.toLocalDateTime().toString() + z.getOffset()).toList();
    }

    @Test
    void firesAtTheNamedMinutesStrictlyAfterTheGivenTime() {
        assertThat(local(fires("*/15 9-10 * * *", UTC, "2024-01-01T09:15", 5))).containsExactly(
                "2024-01-01T09:30Z", "2024-01-01T09:45Z", "2024-01-01T10:00Z", "2024-01-01T10:15Z", "2024-01-01T10:30Z");
        assertThat(local(fires("0 12 * * MON-FRI", UTC, "2024-01-05T12:00", 2))).as("Friday noon, then Monday")
                .containsExactly("2024-01-08T12:00Z", "2024-01-09T12:00Z");
        assertThat(local(fires("@monthly", UTC, "2024-01-31T23:59", 2)))
                .containsExactly("2024-02-01T00:00Z", "2024-03-01T00:00Z");
        assertThat(local(fires("0 0 29 FEB *", UTC, "2024-03-01T00:00", 1))).containsExactly("2028-02-29T00:00Z");
        assertThat(local(fires("5 4 * * 7", UTC, "2024-01-01T00:00", 1))).as("7 is Sunday")
                .containsExactly("2024-01-07T04:05Z");
    }

    @Test
    void withBothDayFieldsRestrictedEitherDayMatches() {
        // the 13th, or any Friday (Vixie cron's rule)
        assertThat(local(fires("0 0 13 * FRI", UTC, "2024-09-01T00:00", 4))).containsExactly(
                "2024-09-06T00:00Z", "2024-09-13T00:00Z", "2024-09-20T00:00Z", "2024-09-27T00:00Z");
        // a restricted day of month with * in day of week: only the 13th
        assertThat(local(fires("0 0 13 * *", UTC, "2024-09-01T00:00", 2)))
                .containsExactly("2024-09-13T00:00Z", "2024-10-13T00:00Z");
    }

    @Test
    void aLocalTimeSkippedBySpringForwardFiresOnceAtTheJump() {
        // Berlin, 2024-03-31: 02:00 CET jumps to 03:00 CEST
        assertThat(local(fires("30 2 * * *", BERLIN, "2024-03-30T03:00", 3))).containsExactly(
                "2024-03-31T03:00+02:00", "2024-04-01T02:30+02:00", "2024-04-02T02:30+02:00");
        assertThat(local(fires("*/20 * * * *", BERLIN, "2024-03-31T01:30", 4))).containsExactly(
                "2024-03-31T01:40+01:00", "2024-03-31T03:00+02:00", "2024-03-31T03:20+02:00", "2024-03-31T03:40+02:00");
    }

    @Test
    void aLocalTimeRepeatedByFallBackFiresOnceAtItsFirstOccurrence() {
        // Berlin, 2024-10-27: 03:00 CEST falls back to 02:00 CET, so 02:00-02:59 happens twice
        List<ZonedDateTime> times = fires("30 2 * * *", BERLIN, "2024-10-26T12:00", 2);
        assertThat(local(times)).containsExactly("2024-10-27T02:30+02:00", "2024-10-28T02:30+01:00");
        assertThat(local(fires("0 * * * *", BERLIN, "2024-10-27T01:30", 3))).as("hourly: the repeated hour once")
                .containsExactly("2024-10-27T02:00+02:00", "2024-10-27T03:00+01:00", "2024-10-27T04:00+01:00");
        // started in the second 02:xx, the first 02:30 has passed: the next day's
        long secondPass = ZonedDateTime.parse("2024-10-27T02:10+01:00[Europe/Berlin]").toInstant().toEpochMilli();
        assertThat(Instant.ofEpochMilli(CronSchedule.parse("30 2 * * *", BERLIN).nextAfter(secondPass)))
                .isEqualTo(Instant.parse("2024-10-28T01:30:00Z"));
    }

    @Test
    void matchesABruteForceMinuteScanOnRandomExpressions() {
        Random random = new Random(42);
        String[] minutes = {"*", "0", "*/7", "5-20/5", "1,31,59", "30"};
        String[] hours = {"*", "0", "*/5", "9-17", "2", "22-23"};
        String[] doms = {"*", "1", "15-20", "*/10", "28-31"};
        String[] monthsF = {"*", "1-3", "FEB", "*/4", "OCT-DEC"};
        String[] dows = {"*", "MON-FRI", "0", "SAT,SUN", "3"};
        for (int round = 0; round < 200; round++) {
            String expr = String.join(" ", minutes[random.nextInt(minutes.length)], hours[random.nextInt(hours.length)],
                    doms[random.nextInt(doms.length)], monthsF[random.nextInt(monthsF.length)],
                    dows[random.nextInt(dows.length)]);
            CronSchedule cron = CronSchedule.parse(expr, UTC);
            long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli() + random.nextInt(200) * 86_400_000L;
            long expected = bruteForce(expr, start);
            assertThat(cron.nextAfter(start)).as(expr + " after " + Instant.ofEpochMilli(start)).isEqualTo(expected);
        }
    }

    /** The first whole minute after {@code start} (UTC) that matches, found by scanning minute by minute. */
    private static long bruteForce(String expr, long start) {
        String[] f = expr.split(" ");
        String[] days = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
        String[] months = {"", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
        boolean[] minute = new boolean[60];
        boolean[] hour = new boolean[24];
        boolean[] dom = new boolean[32];
        boolean[] month = new boolean[13];
        boolean[] dow = new boolean[7];
        for (int v = 0; v < 60; v++) {
            minute[v] = in(f[0], v, 0, 59, null);
            hour[v % 24] = in(f[1], v % 24, 0, 23, null);
            dom[v % 32] = v % 32 >= 1 && in(f[2], v % 32, 1, 31, null);
            month[v % 13] = v % 13 >= 1 && in(f[3], v % 13, 1, 12, months);
            dow[v % 7] = in(f[4], v % 7, 0, 6, days);
        }
        boolean domStar = f[2].startsWith("*");
        boolean dowStar = f[4].startsWith("*");
        long t = (start / 60_000 + 1) * 60_000;
        for (int i = 0; i < 2 * 366 * 1440 && t < start + 2 * 366 * 86_400_000L; i++, t += 60_000) {
            LocalDateTime z = LocalDateTime.ofEpochSecond(t / 1000, 0, java.time.ZoneOffset.UTC);
            boolean dayOfMonth = dom[z.getDayOfMonth()];
            boolean dayOfWeek = dow[z.getDayOfWeek().getValue() % 7];
            boolean day = domStar || dowStar ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
            if (!(hour[z.getHour()] && day && month[z.getMonthValue()])) {
                t += (59 - z.getMinute()) * 60_000L; // no minute of this hour matches: on to the next hour
            } else if (minute[z.getMinute()]) {
                return t;
            }
        }
        throw new AssertionError("no match for " + expr);
    }

    private static boolean in(String field, int value, int min, int max, String[] names) {
        for (String part : field.split(",")) {
            String range = part;
            int step = 1;
            if (part.contains("/")) {
                range = part.substring(0, part.indexOf('/'));
                step = Integer.parseInt(part.substring(part.indexOf('/') + 1));
            }
            int from = min;
            int to = max;
            if (!range.equals("*")) {
                String[] ends = range.split("-");
                from = value(ends[0], names);
                to = ends.length > 1 ? value(ends[1], names) : from;
            }
            if (value >= from && value <= to && (value - from) % step == 0) {
                return true;
            }
        }
        return false;
    }

    private static int value(String text, String[] names) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(text)) {
                    return i;
                }
            }
        }
        return Integer.parseInt(text);
    }

    @Test
    void badExpressionsFailNamingTheFieldAndTheFormat() {
        assertThatThrownBy(() -> CronSchedule.parse("* * *", UTC)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("3 field(s)").hasMessageContaining("minute hour day-of-month month day-of-week");
        assertThatThrownBy(() -> CronSchedule.parse("0 24 * * *", UTC)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hour '24' is not a number from 0 to 23");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * FOO *", UTC)).hasMessageContaining("month 'FOO'")
                .hasMessageContaining("JAN");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * */0", UTC)).hasMessageContaining("day-of-week step '0'");
        assertThatThrownBy(() -> CronSchedule.parse("0 5-2 * * *", UTC)).hasMessageContaining("goes backwards");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 30 2 *", UTC)).hasMessageContaining("never fires");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * *", null)).isInstanceOf(ConfigurationException.class);
    }
}
