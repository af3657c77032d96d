package io.faust4j.bench.chaos;

import java.nio.file.Path;
import java.util.List;

/**
 * The figures of one run.
 *
 * @param number the run's number, from 1
 * @param seed the seed that replays it ({@code --seed})
 * @param dir the run's directory: logs, and the broker's data unless deleted after a passed run
 * @param plan the faults drawn from the seed
 * @param kills workers killed with SIGKILL
 * @param restarts killed workers started again
 * @param pauses workers frozen past their session timeout, then resumed
 * @param brokerRestarts broker stops and starts
 * @param churnJoins churn worker starts
 * @param churnLeaves churn worker warm stops
 * @param unplannedExits workers that exited without being killed or stopped, described
 * @param produced orders the broker acknowledged
 * @param produceFailures sends that failed
 * @param drained whether the group committed everything within the drain timeout
 * @param lagAtEnd the group's lag when the drain ended
 * @param verdict the check of the tables
 * @param elapsedNanos the run's wall time, broker start to verdict
 * @param logs the workers' log files
 * @param brokerLog the broker's log file
 */
record RunReport(int number, long seed, Path dir, FaultPlan plan, long kills, long restarts, long pauses, long brokerRestarts,
                 long churnJoins, long churnLeaves, List<String> unplannedExits, long produced, long produceFailures,
                 boolean drained, String lagAtEnd, Verdict verdict, long elapsedNanos, List<Path> logs, Path brokerLog) {
    RunReport {
        unplannedExits = List.copyOf(unplannedExits);
        logs = List.copyOf(logs);
    }

    boolean passed() {
        return drained && verdict.passed();
    }
}
