package io.faust4j.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@value ChaosApp#DEAD_LETTERS} holds against what it must hold: every poison pill and every refused
 * order of {@code orders} as many times as it occurs there (a missing one is <b>lost</b>, under both
 * guarantees), with its raw value and the topic it was read from; no good order and nothing else; and no
 * refused order counted in the {@code seen} table. A dead letter found more than once is a duplicate:
 * counted under at least once, a failure under exactly once.
 *
 * @param poisonPills records of {@code orders} that are poison pills
 * @param refused records of {@code orders} that are refused orders
 * @param deadLetters records read from the dead-letter topic
 * @param missing expected dead letters not found
 * @param duplicates dead letters found more times than their record occurs in {@code orders}
 * @param goodDeadLettered dead letters of orders that had to be counted
 * @param unknown dead letters of no record of {@code orders}
 * @param wrong dead letters of an expected record with another value, origin topic, or (poison pills) key
 *     or origin partition and offset
 * @param refusedCounted refused orders found in the {@code seen} table
 * @param missingSample the first missing dead letters, described
 * @param wrongSample the first good, unknown or wrong dead letters, described
 */
record DeadLetterVerdict(long poisonPills, long refused, long deadLetters, long missing, long duplicates,
                         long goodDeadLettered, long unknown, long wrong, long refusedCounted, List<String> missingSample,
                         List<String> wrongSample) {
    DeadLetterVerdict {
        missingSample = List.copyOf(missingSample);
        wrongSample = List.copyOf(wrongSample);
    }

    /** Nothing expected, nothing found: for checks that leave the dead-letter topic out. */
    static DeadLetterVerdict none() {
        return new DeadLetterVerdict(0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of());
    }

    /** Records that must be dead-lettered. */
    long expected() {
        return poisonPills + refused;
    }

    /** What broke the guarantee; empty when the dead letters are right. */
    List<String> problems(boolean exactlyOnce) {
        List<String> problems = new ArrayList<>();
        if (missing > 0) {
            problems.add(missing + " dead letter(s) lost: poison pills or refused orders missing from "
                    + ChaosApp.DEAD_LETTERS);
        }
        if (exactlyOnce && duplicates > 0) {
            problems.add(duplicates + " duplicate dead letter(s) under exactly_once");
        }
        if (goodDeadLettered > 0) {
            problems.add(goodDeadLettered + " good order(s) dead-lettered");
        }
        if (unknown > 0) {
            problems.add(unknown + " dead letter(s) of no record of orders");
        }
        if (wrong > 0) {
            problems.add(wrong + " dead letter(s) with a wrong value, key or origin header");
        }
        if (refusedCounted > 0) {
            problems.add(refusedCounted + " refused order(s) counted in seen (a failed attempt left its writes)");
        }
        return problems;
    }
}
