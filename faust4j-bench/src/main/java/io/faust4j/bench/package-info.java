/**
 * faust4j's benchmarks: {@link io.faust4j.bench.Bench} dispatches the end-to-end scenarios (run by
 * {@code ./bench}) and JMH; the micro benchmarks are in {@code io.faust4j.bench.jmh}.
 */
package io.faust4j.bench;
