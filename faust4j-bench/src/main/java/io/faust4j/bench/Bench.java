package io.faust4j.bench;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The entry point of the benchmark jar: {@code java -jar faust4j-benchmarks.jar <scenario> [args]}.
 * Scenarios print what they set up and measured, and end with one {@code RESULT <scenario> ...} line.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage(System.err);
            System.exit(2);
        }
        String scenario = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (scenario) {
            case "memory-count" -> System.exit(MemoryCount.run(rest));
            case "key-ordered" -> System.exit(KeyOrderedBench.run(rest));
            case "kafka-count" -> System.exit(KafkaCount.run(rest));
            case "kafka-count-eos" -> System.exit(KafkaCount.runExactlyOnce(rest));
            case "kafka-ceiling" -> System.exit(KafkaCeiling.run(rest));
            case "recovery", "restart-tail" -> System.exit(StateBench.run(scenario, rest));
            case "failover" -> System.exit(io.faust4j.bench.chaos.Failover.run(rest, System.out));
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            case "jfr-hot" -> System.exit(JfrHot.run(rest));
            case "chaos" -> System.exit(io.faust4j.bench.chaos.Chaos.run(rest));
            case "-h", "--help", "help" -> usage(System.out);
            default -> {
                System.err.println("bench: unknown scenario '" + scenario + "'");
                usage(System.err);
                System.exit(2);
            }
        }
    }

    static void usage(PrintStream out) {
        out.println("""
                usage: java -jar faust4j-benchmarks.jar <scenario> [args...]

                scenarios:
                  memory-count [--events N] [--partitions P] [--accounts A]
                               [--buffer B] [--max-poll R] [--commit-interval MILLIS] [--commit-every E]
                               [--warmup-events W] [--quiet-wait SECONDS] [--timeout SECONDS]
                      end to end over memory://: N JSON orders pre-loaded into topic 'orders',
                      groupBy(accountId) and an agent counting them into a table; prints
                        RESULT memory-count events_per_s=<n>
                      experiments (print EXPERIMENT instead of RESULT): --direct (orders keyed
                      by account, no groupBy), --codec hand (a hand-written Order decoder),
                      --trace (counts consumer polls and batch sizes per topic)
                  key-ordered [--lanes 1,100] [--call-ms M] [--keys K] [--events-per-lane E]
                      an I/O-bound agent (a simulated 20 ms call per event) over one memory://
                      partition at keyOrdered(1) and keyOrdered(100); prints per run
                        RESULT key-ordered lanes=<n> events_per_s=<n>
                      and RESULT key-ordered speedup=<x>
                  kafka-count [--events N] [--partitions P] [--accounts A] [--warmup-events W]
                              [--in-process] [--quiet-wait SECONDS] [--timeout SECONDS] [--idle-only]
                              [client tuning, below]
                      memory-count's app on the embedded Kafka broker (a child JVM unless --in-process):
                      N orders produced into topic 'orders' before the clock starts; prints
                        RESULT kafka-count events_per_s=<n>
                  kafka-count-eos [kafka-count's options]
                      kafka-count's app under processing_guarantee=exactly_once, then kafka-count
                      itself on the same broker (each with its warm-up); prints both RESULT lines and
                        RESULT kafka-count-eos ratio_to_kafka-count=<r> (<eos> vs <alos> events/s)
                  kafka-ceiling [the same options] [--shared-producer]
                      the same work by hand with kafka-clients (two stages, one thread and one
                      consumer each): the ceiling on this machine; prints
                        RESULT kafka-ceiling events_per_s=<n>
                      client tuning, the same for both (faust4j setting in brackets):
                        --buffer B (stream_buffer_maxsize, faust4j only) --max-poll R (consumer_max_poll_records)
                        --commit-interval MILLIS (commit_interval) --commit-every E (commit_every, faust4j only)
                        --linger MILLIS (producer_linger) --batch-size BYTES (producer_batch_size)
                        --compression none|lz4|zstd|... (producer_compression_type) --acks all|1|0 (producer_acks)
                        --fetch-min-bytes B --fetch-max-wait MILLIS --max-partition-fetch-bytes B --fetch-max-bytes B
                        (consumer_fetch_*); --preload-compression C (the pre-loading producer only)
                  chaos [--short] [--orders N] [--workers W] [--kills K] [--pauses N] [--broker-restart] [--churn]
                        [--guarantee at_least_once|exactly_once] [--seed S] [--runs R] [...]
                      failure test: worker JVMs killed with SIGKILL (optionally frozen past their session
                      timeout, a broker restart, churn) while orders flow; checks the tables' changelogs for
                      lost orders and duplicates; prints
                        RESULT chaos status=passed|broken|not_drained ... lost=<n> duplicates=<n> ...
                      (chaos --help lists every option; docs/reliability.md)
                  jmh [jmh args...]
                      JMH micro benchmarks (e.g. jmh -l, or jmh -f 1 -wi 2 -i 3 JsonCodec)
                  jfr-hot <recording.jfr> [--top N] [--all]
                      hot methods (self, total, by engine frame, with callers) in the timed window
                      of a scenario run with -XX:StartFlightRecording""");
    }
}
