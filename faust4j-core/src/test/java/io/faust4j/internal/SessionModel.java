package io.faust4j.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A brute-force model of session windows, written from the definition and nothing else. It remembers every
 * accepted event and recomputes a key's sessions from them each time: sorted by time, a new session starts
 * wherever two consecutive events are more than the gap apart; a session's value is the sum of its events'
 * amounts. With {@code w} = stream time - grace: a session is closed once {@code last + gap < w}; an event at
 * {@code t} is late when a session it touches ({@code first - gap <= t <= last + gap}) is closed, or when it
 * touches none and {@code t + gap < w}. A session closes (fires) the first time it is closed after a move of the
 * stream time; it is expired, and its events forgotten, once {@code last + gap < stream time - expires}.
 */
final class SessionModel {
    static final long NONE = Long.MIN_VALUE;

    /** A session: first event, and end = last event + 1 (exclusive, as the table stores it). */
    record Session(String key, long start, long end) {
    }

    private final long gap;
    private final long grace;
    private final long expires;
    private final Map<String, List<long[]>> events = new HashMap<>(); // key -> (time, amount)
    final Map<Session, Long> fired = new LinkedHashMap<>();
    final Map<Session, Integer> firedAt = new HashMap<>();
    long streamTime = NONE;
    int late;

    SessionModel(long gap, long grace, long expires) {
        this.gap = gap;
        this.grace = grace;
        this.expires = expires;
    }

    /** Every live session with its sum. */
    Map<Session, Long> sessions() {
        Map<Session, Long> out = new HashMap<>();
        events.forEach((key, list) -> {
            List<long[]> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingLong(e -> e[0]));
            int i = 0;
            while (i < sorted.size()) {
                long first = sorted.get(i)[0];
                long sum = 0;
                int j = i;
                while (j < sorted.size() && (j == i || sorted.get(j)[0] - sorted.get(j - 1)[0] <= gap)) {
                    sum += sorted.get(j)[1];
                    j++;
                }
                out.put(new Session(key, first, sorted.get(j - 1)[0] + 1), sum);
                i = j;
            }
        });
        return out;
    }

    /** The event number {@code index}; returns whether it was late. */
    boolean event(String key, long time, long amount, int index) {
        if (streamTime != NONE) {
            long w = streamTime - grace;
            boolean touchedAny = false;
            boolean touchedClosed = false;
            for (Session s : sessions().keySet()) {
                if (s.key().equals(key) && s.start() - gap <= time && time <= s.end() - 1 + gap) {
                    touchedAny = true;
                    touchedClosed |= s.end() - 1 + gap < w;
                }
            }
            if (touchedClosed || (!touchedAny && time + gap < w)) {
                late++;
                return true;
            }
        }
        events.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {time, amount});
        moveTo(time, index);
        return false;
    }

    /** Moves the stream time to {@code time} if later, firing and expiring sessions. */
    void moveTo(long time, int index) {
        if (streamTime != NONE && time <= streamTime) {
            checkFiredUnchanged(sessions());
            return;
        }
        streamTime = time;
        Map<Session, Long> now = sessions();
        now.forEach((s, sum) -> {
            if (s.end() - 1 + gap < streamTime - grace && !fired.containsKey(s)) {
                fired.put(s, sum);
                firedAt.put(s, index);
            }
        });
        checkFiredUnchanged(now);
        if (expires >= 0) {
            now.keySet().stream().filter(s -> s.end() - 1 + gap < streamTime - expires).forEach(s ->
                    events.get(s.key()).removeIf(e -> s.start() <= e[0] && e[0] < s.end()));
        }
    }

    /**
     * The definition's promise, checked on the model itself: a session that fired is never merged or changed
     * afterwards (until it expires), and every closed session has fired.
     */
    private void checkFiredUnchanged(Map<Session, Long> now) {
        fired.forEach((s, sum) -> {
            boolean expired = expires >= 0 && s.end() - 1 + gap < streamTime - expires;
            if (!expired && !sum.equals(now.get(s))) {
                throw new AssertionError("model: session " + s + " fired with " + sum + " but is now " + now.get(s)
                        + " in " + now);
            }
        });
        now.keySet().forEach(s -> {
            if (s.end() - 1 + gap < streamTime - grace && !fired.containsKey(s)) {
                throw new AssertionError("model: closed session " + s + " never fired");
            }
        });
    }
}
