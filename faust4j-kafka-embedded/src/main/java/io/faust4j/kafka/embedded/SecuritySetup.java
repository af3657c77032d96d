package io.faust4j.kafka.embedded;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.server.common.ApiMessageAndVersion;

/**
 * What a secured node needs beyond its configuration: the SCRAM credentials of its users (written into
 * the metadata log when the directory is formatted, so they exist before the first client connects, or
 * added through the admin API on a directory formatted before) and its ACLs, created once it runs and
 * waited for until the authorizer has them.
 */
final class SecuritySetup {
    static final int SCRAM_ITERATIONS = 4096;
    private static final long TIMEOUT_SECONDS = 30;

    private SecuritySetup() {
    }

    /** The SCRAM-SHA-256 and SCRAM-SHA-512 credentials of every user, as records for the formatter. */
    static List<ApiMessageAndVersion> scramRecords(ListenerSecurity security) {
        var records = new ArrayList<ApiMessageAndVersion>();
        security.users().forEach((user, password) -> {
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                ScramCredential credential = credential(mechanism, password);
                records.add(new ApiMessageAndVersion(new UserScramCredentialRecord()
                        .setName(user)
                        .setMechanism(mechanism.type())
                        .setSalt(credential.salt())
                        .setStoredKey(credential.storedKey())
                        .setServerKey(credential.serverKey())
                        .setIterations(credential.iterations()), (short) 0));
            }
        });
        return records;
    }

    private static ScramCredential credential(ScramMechanism mechanism, String password) {
        try {
            var internal = org.apache.kafka.common.security.scram.internals.ScramMechanism
                    .forMechanismName(mechanism.mechanismName());
            return new ScramFormatter(internal).generateCredential(password, SCRAM_ITERATIONS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no " + mechanism.mechanismName(), e);
        }
    }

    /**
     * Logs in on the internal listener as the broker's own user and adds the SCRAM credentials (only when
     * {@code addScram}: a directory formatted before) and the ACLs, waiting until the broker has them.
     */
    static void apply(ListenerSecurity security, int internalPort, String brokerPassword, boolean addScram) {
        if (!addScram && security.acls().isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(adminConfig(internalPort, brokerPassword))) {
            if (addScram && !security.users().isEmpty()) {
                addScram(admin, security.users());
            }
            if (!security.acls().isEmpty()) {
                admin.createAcls(security.acls()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                awaitAcls(admin, security.acls());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot set up the broker's users and ACLs: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The broker did not take its users and ACLs within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up the broker's users and ACLs", e);
        }
    }

    private static void addScram(Admin admin, Map<String, String> users)
            throws ExecutionException, InterruptedException, TimeoutException {
        // Kafka refuses two alterations of one user in a request: one request per mechanism
        for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
            List<UserScramCredentialAlteration> upserts = new ArrayList<>();
            users.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(mechanism, SCRAM_ITERATIONS), password)));
            admin.alterUserScramCredentials(upserts).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!admin.describeUserScramCredentials(List.copyOf(users.keySet())).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).keySet().containsAll(users.keySet())) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("SCRAM credentials of " + users.keySet());
            }
            Thread.sleep(20);
        }
    }

    /** ACLs are created by the controller; the broker's authorizer has them a moment later. */
    private static void awaitAcls(Admin admin, List<AclBinding> acls)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .containsAll(acls)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("ACLs " + acls);
            }
            Thread.sleep(20);
        }
    }

    /** The broker's own admin login on its internal listener. */
    static Map<String, Object> adminConfig(int internalPort, String brokerPassword) {
        return Map.of(
                "bootstrap.servers", BrokerSettings.HOST + ":" + internalPort,
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + ListenerSecurity.BROKER_USER + "\" password=\"" + SecuredBrokerSettings.quoted(brokerPassword) + "\";",
                "client.id", "faust4j-embedded-setup");
    }
}
