/**
 * The engine behind the API: the app and its topology, workers with their poll loops and per-partition
 * actors, tables with write caches and changelog recovery. Nothing here is API: it may change in any
 * release. Start with {@link io.faust4j.internal.WorkerImpl}, then {@code PollLoop} and {@code Actor}.
 */
package io.faust4j.internal;
