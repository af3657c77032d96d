package io.faust4j.kafka.embedded;

/** A running broker, in this JVM or in a child one. */
interface Broker {
    /** The port of the broker's PLAINTEXT listener on 127.0.0.1. */
    int port();

    /** Stops the broker and waits until it has stopped. */
    void stop();
}
