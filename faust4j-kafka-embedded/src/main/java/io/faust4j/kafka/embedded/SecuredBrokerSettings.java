package io.faust4j.kafka.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of a node whose client listener is secured ({@link ListenerSecurity}): three
 * listeners on 127.0.0.1, each authenticated, so no port lets anyone in unchecked:
 * <ul>
 *   <li>{@code CLIENT}: the clients' listener, with the protocol, users and certificates asked for;</li>
 *   <li>{@code INTERNAL} (inter-broker traffic, e.g. transaction markers the broker sends itself) and
 *       {@code CONTROLLER}: SASL_PLAINTEXT with PLAIN, where only the broker's own user
 *       {@value ListenerSecurity#BROKER_USER} logs in, with a password made for this start; with the
 *       authorizer it is the only super user.</li>
 * </ul>
 */
final class SecuredBrokerSettings {
    static final String CLIENT_LISTENER = "CLIENT";
    static final String INTERNAL_LISTENER = "INTERNAL";
    /** The listeners to bind, the client's first (it gets the requested port). */
    static final List<String> LISTENERS =
            List.of(CLIENT_LISTENER, INTERNAL_LISTENER, BrokerSettings.CONTROLLER_LISTENER);
    static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    static final List<String> SCRAM_MECHANISMS = List.of("SCRAM-SHA-256", "SCRAM-SHA-512");

    private SecuredBrokerSettings() {
    }

    /** The full configuration; {@code brokerPassword} is the broker's own password on its internal listeners. */
    static Map<String, String> of(Path dataDir, PreboundSockets sockets, Map<String, String> overrides,
                                  ListenerSecurity security, String brokerPassword) {
        var props = new LinkedHashMap<>(BrokerSettings.DEFAULTS);
        props.putAll(overrides);
        String host = BrokerSettings.HOST;
        String client = CLIENT_LISTENER + "://" + host + ":" + sockets.port(CLIENT_LISTENER);
        String internal = INTERNAL_LISTENER + "://" + host + ":" + sockets.port(INTERNAL_LISTENER);
        int controllerPort = sockets.port(BrokerSettings.CONTROLLER_LISTENER);
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(BrokerSettings.NODE_ID));
        props.put("listeners", client + "," + internal + "," + BrokerSettings.CONTROLLER_LISTENER + "://" + host + ":"
                + controllerPort);
        props.put("advertised.listeners", client + "," + internal);
        props.put("listener.security.protocol.map", CLIENT_LISTENER + ":" + security.protocol() + ","
                + INTERNAL_LISTENER + ":SASL_PLAINTEXT," + BrokerSettings.CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        props.put("inter.broker.listener.name", INTERNAL_LISTENER);
        props.put("controller.listener.names", BrokerSettings.CONTROLLER_LISTENER);
        props.put("controller.quorum.voters", BrokerSettings.NODE_ID + "@" + host + ":" + controllerPort);
        props.put("log.dirs", BrokerSettings.logDir(dataDir).toString());
        props.put("metadata.log.dir", BrokerSettings.metadataDir(dataDir).toString());

        // the broker's own login on the internal and controller listeners (server and client side alike)
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        String brokerJaas = PLAIN_MODULE + " required username=\"" + ListenerSecurity.BROKER_USER + "\" password=\""
                + quoted(brokerPassword) + "\" user_" + ListenerSecurity.BROKER_USER + "=\"" + quoted(brokerPassword) + "\";";
        for (String listener : List.of(INTERNAL_LISTENER, BrokerSettings.CONTROLLER_LISTENER)) {
            String prefix = "listener.name." + listener.toLowerCase() + ".";
            props.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
            props.put(prefix + "plain.sasl.jaas.config", brokerJaas);
        }
        clientListener(security, props);
        if (security.authorizer()) {
            props.put("authorizer.class.name", AUTHORIZER);
            props.put("super.users", "User:" + ListenerSecurity.BROKER_USER);
            props.put("allow.everyone.if.no.acl.found", "false");
        }
        return props;
    }

    private static void clientListener(ListenerSecurity security, Map<String, String> props) {
        String prefix = "listener.name." + CLIENT_LISTENER.toLowerCase() + ".";
        if (security.protocol().sasl()) {
            props.put(prefix + "sasl.enabled.mechanisms", "PLAIN," + String.join(",", SCRAM_MECHANISMS));
            var plain = new StringBuilder(PLAIN_MODULE).append(" required");
            security.users().forEach((user, password) ->
                    plain.append(" user_").append(user).append("=\"").append(quoted(password)).append('"'));
            props.put(prefix + "plain.sasl.jaas.config", plain.append(';').toString());
            for (String mechanism : SCRAM_MECHANISMS) {
                props.put(prefix + mechanism.toLowerCase() + ".sasl.jaas.config", SCRAM_MODULE + " required;");
            }
        }
        if (security.protocol().tls()) {
            KeyStoreFile keystore = security.keystore().orElseThrow();
            props.put(prefix + "ssl.keystore.location", keystore.location());
            props.put(prefix + "ssl.keystore.password", keystore.password());
            props.put(prefix + "ssl.key.password", keystore.password());
            props.put(prefix + "ssl.keystore.type", KeyStoreFile.TYPE);
            security.clientTruststore().ifPresentOrElse(trust -> {
                props.put(prefix + "ssl.truststore.location", trust.location());
                props.put(prefix + "ssl.truststore.password", trust.password());
                props.put(prefix + "ssl.truststore.type", KeyStoreFile.TYPE);
                props.put(prefix + "ssl.client.auth", "required");
            }, () -> props.put(prefix + "ssl.client.auth", "none"));
        }
    }

    /** A value inside a JAAS option's double quotes. */
    static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
