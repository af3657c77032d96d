package io.faust4j.kafka.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * How the broker's client listener authenticates and encrypts, and what its users may do: SASL users
 * (each can log in with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512), the broker's TLS certificate, the
 * trust store that client certificates must chain to (mutual TLS), and Kafka's
 * {@code StandardAuthorizer} with ACLs. A value: each method returns a changed copy.
 *
 * <pre>{@code
 * var security = ListenerSecurity.saslSsl(brokerKeystore)
 *         .user("orders-app", "orders-secret")
 *         .authorizer(true)
 *         .allow("User:orders-app", ResourceType.TOPIC, PatternType.PREFIXED, "orders", AclOperation.ALL);
 * }</pre>
 *
 * @param protocol the client listener's security protocol
 * @param users SASL user names and their passwords
 * @param keystore the broker's certificate and key, for SSL and SASL_SSL
 * @param clientTruststore for mutual TLS: clients must present a certificate signed by a CA in it
 * @param authorizer whether Kafka's {@code StandardAuthorizer} checks every request: then only the ACLs
 *                   (and the broker itself, a super user) allow anything
 * @param acls the ACLs created once the broker runs (only with the authorizer)
 */
public record ListenerSecurity(Protocol protocol, Map<String, String> users, Optional<KeyStoreFile> keystore,
                               Optional<KeyStoreFile> clientTruststore, boolean authorizer, List<AclBinding> acls) {
    /** The broker's own user on its internal listeners; not available to clients. */
    static final String BROKER_USER = "faust4j-broker";
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]+");

    /** Kafka's security protocols, as {@code security.protocol} names them. */
    public enum Protocol {
        PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL;

        /** Whether clients log in with SASL. */
        public boolean sasl() {
            return this == SASL_PLAINTEXT || this == SASL_SSL;
        }

        /** Whether the connection is TLS. */
        public boolean tls() {
            return this == SSL || this == SASL_SSL;
        }
    }

    public ListenerSecurity {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(clientTruststore, "clientTruststore");
        users.forEach(ListenerSecurity::checkUser);
        if (!protocol.sasl() && !users.isEmpty()) {
            throw new IllegalArgumentException("Invalid listener security: users " + users.keySet()
                    + " need a SASL protocol (SASL_PLAINTEXT or SASL_SSL), not " + protocol);
        }
        if (protocol.tls() && keystore.isEmpty()) {
            throw new IllegalArgumentException("Invalid listener security: " + protocol
                    + " needs the broker's key store (a certificate for 127.0.0.1)");
        }
        if (!protocol.tls() && (keystore.isPresent() || clientTruststore.isPresent())) {
            throw new IllegalArgumentException("Invalid listener security: a key store or client trust store needs"
                    + " TLS (SSL or SASL_SSL), not " + protocol);
        }
        if (!authorizer && !acls.isEmpty()) {
            throw new IllegalArgumentException("Invalid listener security: ACLs need the authorizer; call authorizer(true)");
        }
        users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
        acls = List.copyOf(acls);
    }

    /** No authentication, no encryption: the default listener. */
    public static ListenerSecurity plaintext() {
        return of(Protocol.PLAINTEXT, Optional.empty());
    }

    /** SASL logins over plain TCP; add users with {@link #user}. */
    public static ListenerSecurity saslPlaintext() {
        return of(Protocol.SASL_PLAINTEXT, Optional.empty());
    }

    /** TLS with the broker's certificate from {@code keystore}; clients need no certificate unless required. */
    public static ListenerSecurity ssl(KeyStoreFile keystore) {
        return of(Protocol.SSL, Optional.of(keystore));
    }

    /** SASL logins over TLS with the broker's certificate from {@code keystore}; add users with {@link #user}. */
    public static ListenerSecurity saslSsl(KeyStoreFile keystore) {
        return of(Protocol.SASL_SSL, Optional.of(keystore));
    }

    private static ListenerSecurity of(Protocol protocol, Optional<KeyStoreFile> keystore) {
        return new ListenerSecurity(protocol, Map.of(), keystore, Optional.empty(), false, List.of());
    }

    /** A copy with a SASL user who can log in with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512; its principal is {@code User:<name>}. */
    public ListenerSecurity user(String name, String password) {
        var copy = new LinkedHashMap<>(users);
        copy.put(name, password);
        return new ListenerSecurity(protocol, copy, keystore, clientTruststore, authorizer, acls);
    }

    /**
     * A copy that requires every client to present a certificate signed by a CA in {@code truststore}
     * (mutual TLS, {@code ssl.client.auth=required}); a client's principal is then
     * {@code User:CN=<its common name>}.
     */
    public ListenerSecurity requireClientCertificates(KeyStoreFile truststore) {
        return new ListenerSecurity(protocol, users, keystore, Optional.of(truststore), authorizer, acls);
    }

    /** A copy with Kafka's {@code StandardAuthorizer} on (true): requests no ACL allows are refused. */
    public ListenerSecurity authorizer(boolean on) {
        return new ListenerSecurity(protocol, users, keystore, clientTruststore, on, on ? acls : List.of());
    }

    /** A copy with one more ACL. */
    public ListenerSecurity acl(AclBinding binding) {
        var copy = new ArrayList<>(acls);
        copy.add(Objects.requireNonNull(binding, "binding"));
        return new ListenerSecurity(protocol, users, keystore, clientTruststore, authorizer, copy);
    }

    /**
     * A copy with an ACL that allows {@code principal} (e.g. {@code User:orders-app}) the operation on the
     * resources of {@code type} named {@code name} (or starting with it, with {@link PatternType#PREFIXED}),
     * from any host.
     */
    public ListenerSecurity allow(String principal, ResourceType type, PatternType pattern, String name,
                                  AclOperation operation) {
        return acl(new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
    }

    /** Fails, naming the problem, when the broker could not start with this security. */
    void checkComplete() {
        if (protocol.sasl() && users.isEmpty()) {
            throw new IllegalArgumentException("Invalid listener security: " + protocol + " needs at least one user;"
                    + " add one with user(name, password)");
        }
    }

    @Override
    public String toString() {
        return "ListenerSecurity[" + protocol + ", users " + users.keySet() + ", keystore "
                + keystore.map(KeyStoreFile::path).map(Object::toString).orElse("none") + ", client certificates "
                + (clientTruststore.isPresent() ? "required" : "not required") + ", authorizer " + authorizer
                + ", " + acls.size() + " ACLs]";  // never the passwords
    }

    private static void checkUser(String name, String password) {
        if (!USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid user name '" + name + "': expected letters, digits and . _ @ -");
        }
        if (name.equals(BROKER_USER)) {
            throw new IllegalArgumentException("Invalid user name '" + name + "': the broker uses it itself");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("Invalid password for user '" + name + "': it is empty");
        }
    }
}
