package io.faust4j.examples;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Topic;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User visits as session windows: clicks per visit, where a visit is a user's clicks with at most 30 minutes
 * between two of them. An out-of-order click that falls between two visits of its user merges them. When a visit
 * is over (the partition's stream time minus a grace of one minute has passed its last click plus 30 minutes, or
 * the partition was quiet for five minutes of the clock), it is printed and sent to {@code visits}.
 *
 * @param app the app
 * @param clicks the topic clicks arrive on, keyed by user
 * @param clicksPerVisit clicks per user and visit (session)
 * @param visits finished visits, one record each, sent when the visit closes
 * @param countClicks the agent that counts each click in its visit and emits the visit's count so far
 */
public record UserVisits(App app, Topic<String, Click> clicks, WindowedTable<String, Long> clicksPerVisit,
                         Topic<String, Visit> visits, Agent<String, Click> countClicks) {
    private static final Logger LOG = LoggerFactory.getLogger(UserVisits.class);

    /**
     * A click (JSON on the topic).
     *
     * @param userId the user who clicked, also the record key
     * @param page the page clicked
     */
    public record Click(String userId, String page) {
    }

    /**
     * A finished visit.
     *
     * @param userId the user
     * @param first the time of the visit's first click
     * @param last the time of its last click
     * @param clicks the number of clicks
     */
    public record Visit(String userId, Instant first, Instant last, long clicks) {
    }

    /** Declares the app; {@code settings} adds to or overrides its settings. */
    public static UserVisits create(Consumer<Settings.Builder> settings) {
        App app = App.create("user-visits", settings);
        Topic<String, Click> clicks = app.topic("clicks", Click.class);
        Topic<String, Visit> visits = app.topic("visits", Visit.class);
        WindowedTable<String, Long> clicksPerVisit = app.table("clicks-per-visit", String.class, Long.class, 0L)
                .windowed(Windows.session(Duration.ofMinutes(30)).grace(Duration.ofMinutes(1))
                        .expires(Duration.ofDays(1)).idleAdvance(Duration.ofMinutes(5)), Long::sum)
                .emitFinal(visits, (user, visit, count) -> {
                    Instant last = visit.end().minusMillis(1); // a session's window ends just after its last event
                    LOG.info("{} made {} clicks from {} to {}", user, count, visit.start(), last);
                    return new Visit(user, visit.start(), last, count);
                });
        Agent<String, Click> countClicks = app.agent("count-clicks", clicks, stream -> {
            for (Click click : stream) {
                stream.emit(clicksPerVisit.update(click.userId(), count -> count + 1));
            }
        });
        return new UserVisits(app, clicks, clicksPerVisit, visits, countClicks);
    }

    /**
     * Runs the app on the in-memory broker and feeds it sample clicks until Ctrl-C: each of three users clicks
     * during ten minutes of every hour (user-1 from minute 0, user-2 from 20, user-3 from 40), so a visit is
     * printed some 31 minutes after its user's last click.
     */
    public static void main(String[] args) {
        UserVisits example = create(settings -> { });
        example.app().timer(Duration.ofSeconds(20), io.faust4j.TimerOptions.defaults().named("sample-clicks").onLeader(),
                tick -> {
            int minute = java.time.LocalTime.now(java.time.ZoneOffset.UTC).getMinute();
            if (minute % 20 < 10) {
                String user = "user-" + (1 + minute / 20);
                example.clicks().send(user, new Click(user, "/page-" + ThreadLocalRandom.current().nextInt(10)));
            }
        });
        example.app().run();
    }
}
