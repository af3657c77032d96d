package io.faust4j;

/**
 * A snapshot of a worker's counters.
 *
 * @param eventsProcessed events handed to agent loops (internal repartition agents included)
 * @param decodeErrors records skipped because they could not be decoded
 * @param agentErrors exceptions thrown by agent loops
 * @param commits offset commits made
 * @param changelogRecords records written to changelog topics
 * @param recoveredRecords changelog records replayed into tables
 */
public record WorkerStats(long eventsProcessed, long decodeErrors, long agentErrors, long commits,
                          long changelogRecords, long recoveredRecords) {
}
