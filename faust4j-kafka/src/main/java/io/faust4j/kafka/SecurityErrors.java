package io.faust4j.kafka;

import io.faust4j.ConfigurationException;
import io.faust4j.Settings;
import io.faust4j.TransportException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * Turns Kafka's security failures (a refused login, a failed TLS handshake, a missing ACL, a trust or
 * key store that does not load) into one message that names the faust4j setting to check and the fix.
 * Kafka's own messages say what failed but not which of the app's settings caused it; several causes
 * (an untrusted certificate, a host name mismatch, a missing client certificate) all arrive as one
 * exception type and differ only in the TLS error underneath, which is told apart here.
 *
 * <p>Messages never hold a password: they are built from names and paths only, and every configured
 * secret is masked in Kafka's text before it is quoted.
 */
final class SecurityErrors {
    private static final Pattern ALERT = Pattern.compile("Received fatal alert: ([a-z_]+)");
    private static final Pattern STORE_PATH = Pattern.compile("Failed to load SSL (?:keystore|truststore) (\\S+) of type");

    private final String where;
    private final String protocol;
    private final String mechanism;
    private final String user;
    private final String truststore;
    private final String keystore;
    private final String endpointAlgorithm;
    private final List<String> secrets;

    private SecurityErrors(String brokerText, String protocol, String mechanism, String user, String truststore,
                           String keystore, String endpointAlgorithm, List<String> secrets) {
        this.where = "Kafka at " + brokerText;
        this.protocol = protocol;
        this.mechanism = mechanism;
        this.user = user;
        this.truststore = truststore;
        this.keystore = keystore;
        this.endpointAlgorithm = endpointAlgorithm;
        this.secrets = secrets;
    }

    /** The context of an app's clients: where they connect and how they log in. */
    static SecurityErrors of(String brokerText, Settings settings) {
        List<String> secrets = new ArrayList<>();
        for (var secret : List.of(Settings.SASL_PASSWORD, Settings.SSL_TRUSTSTORE_PASSWORD,
                Settings.SSL_KEYSTORE_PASSWORD, Settings.SSL_KEY_PASSWORD)) {
            String value = settings.get(secret);
            if (!value.isEmpty()) {
                secrets.add(value);
            }
        }
        return new SecurityErrors(brokerText, settings.get(Settings.SECURITY_PROTOCOL), settings.get(Settings.SASL_MECHANISM),
                settings.get(Settings.SASL_USERNAME), settings.get(Settings.SSL_TRUSTSTORE_LOCATION),
                settings.get(Settings.SSL_KEYSTORE_LOCATION), settings.get(Settings.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM),
                List.copyOf(secrets));
    }

    /** A context that only knows the address (for clients made in tests without settings). */
    static SecurityErrors of(String brokerText) {
        return new SecurityErrors(brokerText, "PLAINTEXT", "PLAIN", "", "", "", "https", List.of());
    }

    /** Whether {@code error} (or one of its causes) is a refused login, a failed handshake or a missing ACL. */
    static boolean isSecurityFailure(Throwable error) {
        return find(error, AuthenticationException.class) != null || find(error, AuthorizationException.class) != null;
    }

    /**
     * The failure explained, when it is a security failure; empty otherwise.
     *
     * @param doing what the client was doing, for the message: "connect", "describe topic 'orders'"
     */
    Optional<TransportException> explain(Throwable error, String doing) {
        AuthenticationException authentication = find(error, AuthenticationException.class);
        if (authentication != null) {
            return Optional.of(new TransportException(mask(authentication(authentication)), error));
        }
        AuthorizationException authorization = find(error, AuthorizationException.class);
        if (authorization != null) {
            return Optional.of(new TransportException(mask(authorization(authorization, doing)), error));
        }
        return Optional.empty();
    }

    /** As {@link #explain}, or a plain message with Kafka's text (masked) when it is no security failure. */
    TransportException explainOr(Throwable error, String doing, String otherwise) {
        return explain(error, doing).orElseGet(() -> new TransportException(mask(otherwise), error));
    }

    /**
     * A client that could not be created because a trust or key store does not load (a wrong path or
     * password): a configuration error naming the setting; empty for other failures.
     */
    Optional<ConfigurationException> storeFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            Matcher matcher = STORE_PATH.matcher(String.valueOf(t.getMessage()));
            if (matcher.find()) {
                String path = matcher.group(1);
                boolean trust = path.equals(truststore) && !path.equals(keystore);
                String setting = trust ? "ssl_truststore_location" : "ssl_keystore_location";
                String password = trust ? "ssl_truststore_password" : "ssl_keystore_password";
                return Optional.of(new ConfigurationException(mask("Cannot load the " + (trust ? "trust" : "key")
                        + " store '" + path + "' (setting " + setting + "): " + KafkaTransport.rootMessage(t)
                        + ". Check that " + setting + " names a readable JKS or PKCS12 file and that " + password
                        + " is its password"), error));
            }
        }
        return Optional.empty();
    }

    // ---- logins and handshakes ----

    private String authentication(AuthenticationException error) {
        if (error instanceof SslAuthenticationException) {
            return tls(error);
        }
        if (error instanceof UnsupportedSaslMechanismException) {
            return where + " does not accept sasl_mechanism " + mechanism + " on this listener: " + error.getMessage()
                    + ". Set sasl_mechanism to a mechanism the brokers enable (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)";
        }
        if (error instanceof SaslAuthenticationException && protocol.startsWith("SASL_")) {
            return where + " refused the login of user '" + user + "' (sasl_username) with " + mechanism
                    + " (sasl_mechanism): " + error.getMessage() + ". Check sasl_password and sasl_username: Kafka"
                    + " answers the same for a wrong password, an unknown user and a user without " + mechanism
                    + " credentials";
        }
        return where + " refused the connection: " + KafkaTransport.rootMessage(error)
                + ". Check security_protocol (now " + protocol + ") against the listener's, and sasl_mechanism,"
                + " sasl_username and sasl_password";
    }

    private String tls(AuthenticationException error) {
        String detail = chainText(error);
        String lower = detail.toLowerCase(Locale.ROOT);
        String root = KafkaTransport.rootMessage(error);
        Matcher alert = ALERT.matcher(detail);
        if (alert.find()) {  // the broker ended the handshake: it did not accept this client
            String name = alert.group(1);
            if (keystore.isEmpty()) {
                return where + " requires a client certificate (mutual TLS) and this client has none (TLS alert "
                        + name + "). Set ssl_keystore_location (with ssl_keystore_password) to a key store holding"
                        + " this app's certificate, signed by a CA the brokers trust";
            }
            return where + " did not accept the client certificate from ssl_keystore_location '" + keystore
                    + "' (TLS alert " + name + "): the brokers do not trust the CA that signed it, or it expired."
                    + " Check ssl_keystore_location: it needs a certificate signed by a CA in the brokers' trust store";
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return "The certificate of " + where + " does not name the host the client connected to (" + root
                    + "). Check ssl_endpoint_identification_algorithm (now '" + endpointAlgorithm + "': the host in"
                    + " the broker setting must be one the certificate names): put a host name the certificate names"
                    + " in the broker setting, or have the certificate reissued for this host; an empty"
                    + " ssl_endpoint_identification_algorithm turns the check off (for tests only)";
        }
        if (lower.contains("pkix") || lower.contains("certification path") || lower.contains("certpath")
                || lower.contains("signature check failed")) {
            String now = truststore.isEmpty() ? "now empty, so the JVM's default trust store is used"
                    : "now '" + truststore + "'";
            return where + " presented a certificate this client does not trust (" + root + "). Check"
                    + " ssl_truststore_location (" + now + "): it must hold the CA that signed the brokers'"
                    + " certificates, with ssl_truststore_password its password";
        }
        if (lower.contains("unrecognized ssl message") || lower.contains("remote host terminated")
                || lower.contains("unexpected end of")) {
            return where + " did not answer the TLS handshake (" + root + "): is that listener TLS at all? Check"
                    + " security_protocol (now " + protocol + ") against the listener's protocol, and the port in"
                    + " the broker setting";
        }
        return "The TLS handshake with " + where + " failed: " + root + ". Check ssl_truststore_location,"
                + " ssl_keystore_location and ssl_endpoint_identification_algorithm";
    }

    // ---- ACLs ----

    private String authorization(AuthorizationException error, String doing) {
        String who = principal();
        String check = loginSetting();
        if (error instanceof TopicAuthorizationException topics) {
            String names = topics.unauthorizedTopics().isEmpty() ? "" : " " + new java.util.TreeSet<>(topics.unauthorizedTopics());
            return where + " refused to " + doing + ": " + who + " has no ACL for the topic(s)" + names
                    + " (" + error.getMessage() + "). Ask the cluster's admin to allow " + who + " Describe, Read,"
                    + " Write and Create on the app's topics, or check " + check + ": is the app logged in as the"
                    + " right principal?";
        }
        if (error instanceof GroupAuthorizationException group) {
            return where + " refused to " + doing + ": " + who + " has no ACL for consumer group '" + group.groupId()
                    + "' (the app's id, with -v<version> after version 1). Ask the cluster's admin to allow " + who
                    + " Read on group '" + group.groupId() + "', or check " + check;
        }
        if (error instanceof TransactionalIdAuthorizationException) {
            return where + " refused to " + doing + ": " + who + " has no ACL for the app's transactional ids ("
                    + error.getMessage() + "). processing_guarantee=exactly_once needs Write and Describe on"
                    + " transactional ids starting with the app's id; ask the cluster's admin, or check " + check;
        }
        if (error instanceof ClusterAuthorizationException) {
            return where + " refused to " + doing + ": " + who + " lacks a cluster ACL (" + error.getMessage()
                    + "). Ask the cluster's admin for it, or check " + check;
        }
        return where + " refused to " + doing + ": " + who + " is not allowed (" + error.getMessage()
                + "). Ask the cluster's admin for the ACL, or check " + check;
    }

    /** Who the brokers think the app is, in words and with the setting that decides it. */
    private String principal() {
        if (protocol.startsWith("SASL_")) {
            return "user '" + user + "' (sasl_username)";
        }
        if (protocol.equals("SSL") && !keystore.isEmpty()) {
            return "the certificate in ssl_keystore_location '" + keystore + "'";
        }
        return "an anonymous client (security_protocol " + protocol + " has no login)";
    }

    private String loginSetting() {
        if (protocol.startsWith("SASL_")) {
            return "sasl_username";
        }
        return protocol.equals("SSL") && !keystore.isEmpty() ? "ssl_keystore_location" : "security_protocol";
    }

    // ---- helpers ----

    /** Kafka's text with every configured secret replaced by ****. */
    String mask(String text) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, "****");
        }
        return masked;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String chainText(Throwable error) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
