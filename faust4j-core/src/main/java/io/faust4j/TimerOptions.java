package io.faust4j;

/**
 * Options of a timer or a crontab ({@link App#timer}, {@link App#crontab}).
 *
 * @param name the name used in thread names and log lines; empty for {@code timer-<n>} or {@code crontab-<n>}
 * @param leaderOnly true to run the body only on the group's leader, so exactly one worker of the group runs
 *     each tick; false to run it on every worker
 */
public record TimerOptions(String name, boolean leaderOnly) {
    public TimerOptions {
        if (name == null || !name.isEmpty() && !name.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigurationException("Invalid timer name '" + name + "': use letters, digits, '.', '_' or '-'");
        }
    }

    /** No name of its own, runs on every worker. */
    public static TimerOptions defaults() {
        return new TimerOptions("", false);
    }

    /** A copy named {@code name}. */
    public TimerOptions named(String name) {
        return new TimerOptions(name, leaderOnly);
    }

    /** A copy that runs only on the group's leader: one worker of the group runs each tick. */
    public TimerOptions onLeader() {
        return new TimerOptions(name, true);
    }
}
