/**
 * The faust4j API: stateful stream processing in the spirit of Python's Faust.
 *
 * <p>Start reading here: {@link io.faust4j.App} (declare topics, tables and agents, then run),
 * {@link io.faust4j.Stream} (what an agent's loop iterates), {@link io.faust4j.Table} (sharded,
 * changelog-backed maps), {@link io.faust4j.Settings} (every setting, declared once). Transports, stores
 * and codecs plug in through {@link io.faust4j.spi}.
 */
package io.faust4j;
