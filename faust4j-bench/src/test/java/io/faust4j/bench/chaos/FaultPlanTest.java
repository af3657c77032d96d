package io.faust4j.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.bench.chaos.FaultPlan.Fault;
import io.faust4j.bench.chaos.FaultPlan.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded property tests of the fault schedule: the same seed replays it, and every schedule is sound. */
class FaultPlanTest {
    private static final ChaosOptions FULL = ChaosOptions.parse("--broker-restarts", "2", "--churn");

    @Test
    void theSameSeedDrawsTheSamePlan() {
        for (long seed = 0; seed < 50; seed++) {
            assertThat(FaultPlan.draw(FULL, new SplittableRandom(seed)))
                    .isEqualTo(FaultPlan.draw(FULL, new SplittableRandom(seed)));
        }
        assertThat(FaultPlan.draw(FULL, new SplittableRandom(1))).isNotEqualTo(FaultPlan.draw(FULL, new SplittableRandom(2)));
    }

    @Test
    void everyPlanHasTheAskedFaultsInTimeOrder() {
        for (long seed = 0; seed < 500; seed++) {
            FaultPlan plan = FaultPlan.draw(FULL, new SplittableRandom(seed));
            assertThat(plan.count(Kind.KILL)).as("seed %d", seed).isEqualTo(FULL.kills());
            assertThat(plan.count(Kind.RESTART)).as("seed %d", seed).isEqualTo(FULL.kills());
            assertThat(plan.count(Kind.BROKER_STOP)).as("seed %d", seed).isEqualTo(2);
            assertThat(plan.count(Kind.BROKER_START)).as("seed %d", seed).isEqualTo(2);
            assertThat(plan.faults()).as("seed %d", seed).isSortedAccordingTo(
                    java.util.Comparator.comparingLong(Fault::atMillis));
            assertThat(plan.faults()).allSatisfy(f -> assertThat(f.atMillis()).isBetween(0L,
                    FULL.window().toMillis() + FULL.maxRestartDelay().toMillis() + 1_000));
        }
    }

    @Test
    void aWorkerIsOnlyKilledOrPausedWhileUpAndComesBackInTime() {
        for (long seed = 0; seed < 500; seed++) {
            ChaosOptions o = ChaosOptions.parse("--workers", Integer.toString(1 + (int) (seed % 3)), "--kills", "9",
                    "--pauses", Long.toString(seed % 4));
            FaultPlan plan = FaultPlan.draw(o, new SplittableRandom(seed));
            assertThat(plan.count(Kind.PAUSE)).isEqualTo(seed % 4);
            Kind[] down = new Kind[o.workers()];
            long[] since = new long[o.workers()];
            for (Fault f : plan.faults()) {
                switch (f.kind()) {
                    case KILL, PAUSE -> {
                        assertThat(down[f.slot()]).as("seed %d: %s hits a worker that is down", seed, f).isNull();
                        down[f.slot()] = f.kind();
                        since[f.slot()] = f.atMillis();
                    }
                    case RESTART -> {
                        assertThat(down[f.slot()]).as("seed %d: %s", seed, f).isEqualTo(Kind.KILL);
                        assertThat(f.atMillis() - since[f.slot()]).isBetween(0L, o.maxRestartDelay().toMillis());
                        down[f.slot()] = null;
                    }
                    case RESUME -> {
                        assertThat(down[f.slot()]).as("seed %d: %s", seed, f).isEqualTo(Kind.PAUSE);
                        assertThat(f.atMillis() - since[f.slot()]).as("paused past the session timeout")
                                .isGreaterThan(o.sessionTimeout().toMillis());
                        down[f.slot()] = null;
                    }
                    default -> { }
                }
            }
            assertThat(down).as("seed %d: every worker is back in the end", seed).containsOnlyNulls();
        }
    }

    @Test
    void brokerRestartsDoNotOverlapAndChurnAlternatesJoinAndLeave() {
        for (long seed = 0; seed < 500; seed++) {
            FaultPlan plan = FaultPlan.draw(FULL, new SplittableRandom(seed));
            List<Kind> broker = new ArrayList<>();
            List<Kind> churn = new ArrayList<>();
            for (Fault f : plan.faults()) {
                switch (f.kind()) {
                    case BROKER_STOP, BROKER_START -> broker.add(f.kind());
                    case CHURN_JOIN, CHURN_LEAVE -> churn.add(f.kind());
                    default -> { }
                }
            }
            assertThat(broker).as("seed %d", seed).containsExactly(Kind.BROKER_STOP, Kind.BROKER_START, Kind.BROKER_STOP,
                    Kind.BROKER_START);
            assertThat(churn).as("seed %d", seed).isNotEmpty();
            for (int i = 0; i < churn.size(); i++) {
                assertThat(churn.get(i)).as("seed %d, churn step %d", seed, i)
                        .isEqualTo(i % 2 == 0 ? Kind.CHURN_JOIN : Kind.CHURN_LEAVE);
            }
            assertThat(churn.get(churn.size() - 1)).as("seed %d: the churn worker leaves in the end", seed)
                    .isEqualTo(Kind.CHURN_LEAVE);
        }
    }
}
