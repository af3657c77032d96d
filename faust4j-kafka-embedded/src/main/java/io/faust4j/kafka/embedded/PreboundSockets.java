package io.faust4j.kafka.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.server.ServerSocketFactory;

/**
 * The node's two listening sockets, bound before Kafka starts and handed to it when it opens its
 * listeners: a free port is then known (for the configuration) and held at once, so no other process
 * can take it between choosing and binding. The idea of Kafka's own test kit
 * ({@code PreboundSocketFactoryManager}).
 */
final class PreboundSockets implements ServerSocketFactory, AutoCloseable {
    private final ServerSocketChannel broker;
    private final ServerSocketChannel controller;
    private final AtomicBoolean brokerHandedOut = new AtomicBoolean();
    private final AtomicBoolean controllerHandedOut = new AtomicBoolean();

    private PreboundSockets(ServerSocketChannel broker, ServerSocketChannel controller) {
        this.broker = broker;
        this.controller = controller;
    }

    /** Binds the broker listener on {@code port} (0 for a free one) and the controller on a free port. */
    static PreboundSockets bind(int port) {
        ServerSocketChannel broker = open(BrokerSettings.BROKER_LISTENER, port);
        try {
            return new PreboundSockets(broker, open(BrokerSettings.CONTROLLER_LISTENER, 0));
        } catch (RuntimeException e) {
            closeQuietly(broker);
            throw e;
        }
    }

    int brokerPort() {
        return broker.socket().getLocalPort();
    }

    int controllerPort() {
        return controller.socket().getLocalPort();
    }

    @Override
    public ServerSocketChannel openServerSocket(String listenerName, InetSocketAddress address,
                                                int backlog, int recvBufferSize) throws IOException {
        if (listenerName.equals(BrokerSettings.BROKER_LISTENER) && brokerHandedOut.compareAndSet(false, true)) {
            return broker;
        }
        if (listenerName.equals(BrokerSettings.CONTROLLER_LISTENER) && controllerHandedOut.compareAndSet(false, true)) {
            return controller;
        }
        return INSTANCE.openServerSocket(listenerName, address, backlog, recvBufferSize);
    }

    /** Closes both sockets; Kafka closes the ones it took when it stops, so this only matters after a failed start. */
    @Override
    public void close() {
        closeQuietly(broker);
        closeQuietly(controller);
    }

    private static ServerSocketChannel open(String listener, int port) {
        var address = new InetSocketAddress(BrokerSettings.HOST, port);
        try {
            return INSTANCE.openServerSocket(listener, address, -1, -1);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot listen on " + BrokerSettings.HOST + ":" + port
                    + " for the " + listener + " listener: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a listening socket only fails if it is already gone
        }
    }
}
