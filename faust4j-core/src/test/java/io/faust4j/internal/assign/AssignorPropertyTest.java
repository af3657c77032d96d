package io.faust4j.internal.assign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded randomized property tests of the assignor: random groups go through many epochs of joins,
 * leaves, crashes and growing changelogs; after each event the follow-up rebalances run until no more is
 * due. Every round must be cooperatively safe, place standbys apart from the active copy, move tasks only
 * to caught-up members and move no more than balance forces; every stable state must be balanced with one
 * owner per task and the full count of standbys, reached within a bounded number of rounds; a join or a
 * growing changelog must move exactly the fewest tasks balance requires, a leave or crash at most one more
 * per task the departed worker ran (a caught-up standby may run such a task while its balanced owner warms
 * up, and then give up another of its own instead). A failure names its seed; rerun it
 * alone with {@code -Dassignor.seed=<seed>}.
 */
class AssignorPropertyTest {
    private static final int EPOCHS = 60;
    private static final Map<String, Integer> STATS = new HashMap<>();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946})
    void propertiesHoldOverRandomGroupChanges(long seed) {
        run(seed, true);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {17711, 28657, 46368, 75025, 121393})
    void propertiesHoldUnderTheEagerProtocolToo(long seed) {
        run(seed, false);
    }

    @Test
    void propertiesHoldForTheSeedGivenOnTheCommandLine() {
        String seed = System.getProperty("assignor.seed");
        Assumptions.assumeTrue(seed != null, "set -Dassignor.seed=<n> to run one more seed");
        run(Long.parseLong(seed), true);
        run(Long.parseLong(seed), false);
    }

    @AfterAll
    static void printFigures() {
        System.out.println("AssignorPropertyTest figures: " + new java.util.TreeMap<>(STATS));
    }

    private static void run(long seed, boolean cooperative) {
        AssignorSimulation sim = new AssignorSimulation(seed, cooperative);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            String event = event(sim, epoch);
            sim.checks.where = (cooperative ? "" : "eager, ") + "seed " + seed + ", epoch " + epoch + " (" + event + ")";
            Map<String, Set<TaskId>> before = sim.activeByWorker();
            int tasksBefore = before.values().stream().mapToInt(Set::size).sum();
            String leaderBefore = sim.last == null ? "" : sim.last.leader().workerId();
            apply(sim, event);
            int freed = tasksBefore - sim.activeByWorker().values().stream().mapToInt(Set::size).sum();
            int minimum = AssignorChecks.minimumMoves(sim.state());
            int rounds = stabilize(sim, sim.checks.where);
            int moves = moves(before, sim.activeByWorker());
            STATS.merge("epochs", 1, Integer::sum);
            STATS.merge("rounds", rounds, Integer::sum);
            STATS.merge("maxRounds", rounds, Math::max);
            STATS.merge("moves", moves, Integer::sum);
            STATS.merge("minimumMoves", minimum, Integer::sum);
            if (event.equals("join") || event.equals("lag")) {
                assertThat(moves).as("%s: tasks moved off staying workers", sim.checks.where).isEqualTo(minimum);
            } else {
                assertThat(moves).as("%s: tasks moved off staying workers", sim.checks.where)
                        .isLessThanOrEqualTo(minimum + freed);
            }
            if (sim.workers.containsKey(leaderBefore) && sim.workers.get(leaderBefore).online) {
                assertThat(sim.last.leader().workerId()).as("%s: leader", sim.checks.where).isEqualTo(leaderBefore);
            }
        }
    }

    private static String event(AssignorSimulation sim, int epoch) {
        int online = sim.online().size();
        if (online == 0 || epoch < 2) {
            return "join";
        }
        String[] events = {"join", "leave", "crash", "lag"};
        String event = events[sim.random.nextInt(events.length)];
        if (online >= AssignorSimulation.MAX_MEMBERS && event.equals("join")
                || online == 1 && (event.equals("leave") || event.equals("crash"))) {
            return "lag";
        }
        return event;
    }

    private static void apply(AssignorSimulation sim, String event) {
        switch (event) {
            case "join" -> sim.join();
            case "leave" -> sim.leave();
            case "crash" -> sim.crash();
            default -> sim.lagReport();
        }
    }

    /**
     * Runs rounds until none is due. Each warm-up catches up before the next round, so a batch of
     * {@code maxWarmupReplicas} handovers takes a probing round, a revoking round and a handing-over round.
     */
    private static int stabilize(AssignorSimulation sim, String where) {
        int bound = 3 + 2 * ((sim.tasks.size() + sim.config.maxWarmupReplicas() - 1) / sim.config.maxWarmupReplicas());
        for (int round = 1; ; round++) {
            sim.checks.where = where + ", round " + round;
            GroupAssignment assignment = sim.round();
            STATS.merge("probingRounds", assignment.probingRebalance() ? 1 : 0, Integer::sum);
            STATS.merge("revokingRounds", assignment.revocations() ? 1 : 0, Integer::sum);
            if (!assignment.followUpNeeded()) {
                sim.checks.stable(sim.lastState, assignment);
                return round;
            }
            assertThat(round).as("%s: rounds until stable (bound %d)", sim.checks.where, bound).isLessThan(bound);
        }
    }

    private static int moves(Map<String, Set<TaskId>> before, Map<String, Set<TaskId>> after) {
        int moves = 0;
        for (Map.Entry<String, Set<TaskId>> entry : before.entrySet()) {
            Set<TaskId> now = after.get(entry.getKey());
            if (now != null) {
                moves += (int) entry.getValue().stream().filter(t -> !now.contains(t)).count();
            }
        }
        return moves;
    }
}
