/**
 * The failure-test harness behind {@code ./bench chaos}: {@link io.faust4j.bench.chaos.Chaos} (the
 * driver: broker, workers, faults, verdict) and {@link io.faust4j.bench.chaos.ChaosWorker} (the worker
 * process it starts). Start reading at {@code ChaosRun}; the checks are in {@code Verdict}.
 */
package io.faust4j.bench.chaos;
