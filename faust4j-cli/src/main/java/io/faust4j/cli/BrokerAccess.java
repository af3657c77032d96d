package io.faust4j.cli;

import io.faust4j.Settings;
import io.faust4j.internal.Tooling;
import io.faust4j.spi.Transport;

/** Opens the app's broker for the commands that talk to it without running a worker (send, reset, dlq). */
final class BrokerAccess {
    private BrokerAccess() {
    }

    /**
     * The broker's transport; on {@code memory://} (a broker inside a worker's own process, which no other
     * process can reach) a clear refusal naming what {@code command} needs instead.
     */
    static Transport open(Settings settings, String command) {
        if (settings.broker().get(0).startsWith("memory:")) {
            throw new CliException("faust4j " + command + " needs a broker other processes can reach, but the broker"
                    + " setting is memory:// (it lives inside a worker's process, and nothing leaves it). Give the"
                    + " app's broker: --broker kafka://host:9092 (or FAUST4J_BROKER)");
        }
        return Tooling.openTransport(settings);
    }
}
