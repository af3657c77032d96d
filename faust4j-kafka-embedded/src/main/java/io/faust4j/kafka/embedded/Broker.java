package io.faust4j.kafka.embedded;

/** A running broker, in this JVM or in a child one. */
interface Broker {
    /** The port of the broker's client listener on 127.0.0.1 (PLAINTEXT, or as {@link ListenerSecurity} says). */
    int port();

    /** Stops the broker and waits until it has stopped. */
    void stop();
}
