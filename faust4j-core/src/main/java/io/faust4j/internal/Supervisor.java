package io.faust4j.internal;

import io.faust4j.AgentOptions;
import io.faust4j.ErrorPolicy;
import io.faust4j.spi.ConsumedRecord;
import java.util.List;

/**
 * Runs an actor's agent loop and decides what happens when it fails or returns, by the agent's
 * {@link ErrorPolicy}: retry the failed events in place with exponential backoff, send them to the
 * dead-letter topic, skip them, or stop the worker. A loop that returns while its partition is still
 * assigned is started again (with backoff when it keeps returning without progress). Every decision is
 * logged with the event's position and counted.
 */
final class Supervisor {
    private static final long RESTART_BACKOFF_MIN_MILLIS = 100;
    private static final long RESTART_BACKOFF_MAX_MILLIS = 10_000;

    private final AgentLoop actor;
    private final WorkerImpl worker;
    private final AgentPlan plan;
    private final AgentOptions options;
    private long failedOffset = -1;
    private int attempts;
    private long restartBackoff;

    Supervisor(AgentLoop actor, WorkerImpl worker, AgentPlan plan) {
        this.actor = actor;
        this.worker = worker;
        this.plan = plan;
        this.options = plan.options();
    }

    /** Runs the loop until the actor stops. */
    void run() {
        while (!actor.stopping()) {
            long before = actor.processed();
            try {
                actor.runBody();
                if (actor.stopping()) {
                    return;
                }
                actor.release(); // the loop chose to end: what it was handed is done
                worker.countAgentRestart();
                restartBackoff = actor.processed() > before ? 0
                        : Math.min(Math.max(restartBackoff * 2, RESTART_BACKOFF_MIN_MILLIS), RESTART_BACKOFF_MAX_MILLIS);
                worker.limitedLog().warn("agent-returned:" + plan.name(), "{} returned while its partition is"
                        + " still assigned; starting it again{}", actor.describe(),
                        restartBackoff > 0 ? " in " + restartBackoff + " ms" : "");
                if (restartBackoff > 0 && !actor.pause(restartBackoff)) {
                    return;
                }
            } catch (Throwable e) {
                if (actor.stopping() || actor.isFenced()) {
                    actor.rollBack();
                    return;
                }
                if (!failed(e)) {
                    return;
                }
            }
        }
    }

    /** Handles a failure of the loop; false when the actor must stop. */
    private boolean failed(Throwable error) {
        worker.countAgentError();
        actor.rollBack();
        List<ConsumedRecord> records = actor.unfinishedRecords();
        if (records.isEmpty()) {
            // failed before it took an event: nothing to retry or dead-letter, so restart with backoff
            restartBackoff = Math.min(Math.max(restartBackoff * 2, RESTART_BACKOFF_MIN_MILLIS), RESTART_BACKOFF_MAX_MILLIS);
            worker.countAgentRestart();
            worker.reportFailure(plan, "partition " + actor.partition() + " of " + actor.topicPartition().topic()
                    + ", before taking an event", error, false);
            worker.limitedLog().error("agent-failed-early:" + plan.name(), "{} failed before taking an event; starting"
                    + " it again in {} ms", actor.describe(), restartBackoff, error);
            return actor.pause(restartBackoff);
        }
        ConsumedRecord first = records.get(0);
        attempts = first.offset() == failedOffset ? attempts + 1 : 1;
        failedOffset = first.offset();
        String where = position(records);
        worker.reportFailure(plan, where, error, false);
        ErrorPolicy policy = options.errorPolicy();
        if (policy == ErrorPolicy.RETRY_THEN_DEAD_LETTER && attempts < options.maxAttempts()) {
            long backoff = backoff(attempts);
            worker.countRetry();
            worker.limitedLog().warn("agent-retry:" + plan.name(), "{} failed on {} (attempt {} of {}); trying again in"
                    + " {} ms", actor.describe(), where, attempts, options.maxAttempts(), backoff, error);
            actor.rewind();
            return actor.pause(backoff);
        }
        switch (policy) {
            case RETRY_THEN_DEAD_LETTER, DEAD_LETTER -> {
                worker.limitedLog().error("agent-dead-letter:" + plan.name(), "{} failed on {} after {} attempt(s); sending"
                        + " {} record(s) to dead-letter topic {}", actor.describe(), where, attempts, records.size(),
                        worker.deadLetterTopic(plan), error);
                for (ConsumedRecord record : records) {
                    worker.deadLetter(actor, plan, record, error, attempts, false);
                }
                reset();
                actor.giveUp();
                return true;
            }
            case SKIP -> {
                worker.countSkipped(records.size());
                worker.limitedLog().error("agent-skip:" + plan.name(), "{} failed on {}; skipping it (error policy SKIP;"
                        + " the record stays in its topic)", actor.describe(), where, error);
                reset();
                actor.giveUp();
                return true;
            }
            default -> {
                worker.log().error("{} failed on {}; stopping the worker (error policy STOP_WORKER). The event is not"
                        + " committed: a restarted worker meets it again", actor.describe(), where, error);
                worker.fail(new io.faust4j.Faust4jException(actor.describe() + " failed on " + where + ": "
                        + error.getMessage(), error));
                return false;
            }
        }
    }

    /**
     * Handles a record that cannot be decoded; false when the actor must stop. It is never retried (decoding
     * the same bytes fails again): it is dead-lettered, skipped, or stops the worker.
     */
    boolean undecodable(ConsumedRecord record, RuntimeException error) {
        worker.countDecodeError();
        String where = position(List.of(record));
        worker.reportFailure(plan, where, error, true);
        switch (options.errorPolicy()) {
            case RETRY_THEN_DEAD_LETTER, DEAD_LETTER -> {
                worker.limitedLog().warn("decode:" + plan.name(), "Cannot decode {} (agent '{}'): {}; sending it to"
                        + " dead-letter topic {}", where, plan.name(), error.getMessage(), worker.deadLetterTopic(plan));
                worker.deadLetter(actor, plan, record, error, 1, true);
                return true;
            }
            case SKIP -> {
                worker.countSkipped(1);
                worker.limitedLog().warn("decode:" + plan.name(), "Skipping {}, which cannot be decoded (agent '{}'): {}."
                        + " The record stays in the topic", where, plan.name(), error.getMessage());
                return true;
            }
            default -> {
                worker.log().error("Cannot decode {} (agent '{}'): {}; stopping the worker (error policy STOP_WORKER)",
                        where, plan.name(), error.getMessage());
                worker.fail(new io.faust4j.CodecException("Cannot decode " + where + " for agent '" + plan.name()
                        + "': " + error.getMessage(), error));
                return false;
            }
        }
    }

    private void reset() {
        failedOffset = -1;
        attempts = 0;
    }

    private long backoff(int attempt) {
        long base = options.retryBackoff().toMillis();
        long max = options.maxRetryBackoff().toMillis();
        long wait = base;
        for (int i = 1; i < attempt && wait < max; i++) {
            wait *= 2;
        }
        return Math.min(wait, max);
    }

    static String position(List<ConsumedRecord> records) {
        ConsumedRecord first = records.get(0);
        String text = "topic " + first.topic() + " partition " + first.partition() + " offset " + first.offset();
        return records.size() == 1 ? text : text + " (and " + (records.size() - 1) + " more events of its batch, up to"
                + " offset " + records.get(records.size() - 1).offset() + ")";
    }
}
