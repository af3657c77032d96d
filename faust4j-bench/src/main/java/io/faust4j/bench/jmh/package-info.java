/**
 * JMH micro benchmarks of the engine's hot paths: the codecs ({@link io.faust4j.bench.jmh.JsonCodecBenchmark})
 * and a table update as an agent does it ({@link io.faust4j.bench.jmh.TableUpdateBenchmark}). Run them with
 * {@code ./bench jmh -f 1 -wi 2 -i 3}.
 */
package io.faust4j.bench.jmh;
