package io.faust4j;

/**
 * A snapshot of a worker's counters.
 *
 * @param eventsProcessed events handed to agent loops (internal repartition agents included)
 * @param decodeErrors records that could not be decoded (each then handled by its agent's error policy)
 * @param agentErrors exceptions thrown by agent loops (every failed attempt counts)
 * @param commits offset commits (or transactions) made
 * @param changelogRecords records written to changelog topics
 * @param recoveredRecords changelog records replayed into tables
 * @param recoveryMillis time spent replaying changelogs into tables (each recovery from its start to its
 *     end; recoveries of partitions assigned together count once)
 * @param retries failed events tried again
 * @param deadLetters records sent to dead-letter topics
 * @param skipped failed events skipped by the {@link ErrorPolicy#SKIP} policy
 * @param agentRestarts agent loops started again by their supervisor after they returned or failed
 * @param tombstones records with no value (tombstones) read by agents
 * @param aborts transactions aborted (exactly-once), each followed by a replay from the last commit
 */
public record WorkerStats(long eventsProcessed, long decodeErrors, long agentErrors, long commits,
                          long changelogRecords, long recoveredRecords, long recoveryMillis, long retries,
                          long deadLetters,
                          long skipped, long agentRestarts, long tombstones, long aborts) {
}
