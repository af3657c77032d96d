package io.faust4j.bench;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** Marks a scenario's timed window in a JFR recording, so {@code jfr-hot} profiles only that window. */
@Name("faust4j.bench.TimedPass")
@Label("Timed benchmark pass")
@Category("faust4j")
@Description("The window a benchmark scenario measures")
final class TimedPassEvent extends jdk.jfr.Event {
    @Label("Scenario")
    String scenario;

    @Label("Events")
    long events;
}
