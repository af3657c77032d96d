package io.faust4j.kafka.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for testing TLS locally: it signs broker and client certificates
 * and writes PKCS12 key stores and trust stores with random passwords, in milliseconds and in memory
 * (keys are EC P-256, certificates X.509 v3 valid for a day). Nothing here is fit for production.
 *
 * <pre>{@code
 * var ca = CertificateAuthority.create("test-ca");
 * KeyStoreFile broker = ca.issue("broker", List.of("127.0.0.1", "localhost"), dir.resolve("broker.p12"));
 * KeyStoreFile client = ca.issue("orders-app", List.of(), dir.resolve("client.p12"));
 * KeyStoreFile trust = ca.writeTruststore(dir.resolve("truststore.p12"));
 * }</pre>
 */
public final class CertificateAuthority {
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|.*:.*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X500Name name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(X500Name name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new authority with a self-signed certificate whose subject is {@code CN=<commonName>}. */
    public static CertificateAuthority create(String commonName) {
        X500Name subject = distinguishedName(commonName);
        KeyPair keys = newKeyPair();
        try {
            var builder = new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(), subject,
                    keys.getPublic());
            var utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(subject, keys, sign(builder, keys));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot create the certificate authority " + commonName, e);
        }
    }

    /** The authority's own (self-signed) certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Signs a new certificate for {@code CN=<commonName>} and writes it, its private key and this
     * authority's certificate (the chain) to a new PKCS12 key store with a random password.
     *
     * @param subjectAltNames the host names and IP addresses the certificate is valid for (a broker's:
     *                        what clients connect to, e.g. {@code 127.0.0.1}); empty for a client's
     * @param file where to write the key store (replaced if it exists)
     */
    public KeyStoreFile issue(String commonName, List<String> subjectAltNames, Path file) {
        Objects.requireNonNull(file, "file");
        KeyPair pair = newKeyPair();
        X509Certificate issued;
        try {
            var builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(), notAfter(),
                    distinguishedName(commonName), pair.getPublic());
            var utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
            if (!subjectAltNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(subjectAltNames));
            }
            issued = sign(builder, keys);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot issue a certificate for " + commonName, e);
        }
        String password = newPassword();
        KeyStore store = emptyStore();
        try {
            store.setKeyEntry(commonName, pair.getPrivate(), password.toCharArray(),
                    new Certificate[] {issued, certificate});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot store the key of " + commonName, e);
        }
        return write(store, file, password);
    }

    /** Writes a PKCS12 trust store holding this authority's certificate, with a random password. */
    public KeyStoreFile writeTruststore(Path file) {
        Objects.requireNonNull(file, "file");
        KeyStore store = emptyStore();
        try {
            store.setCertificateEntry("ca", certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot store the authority's certificate", e);
        }
        return write(store, file, newPassword());
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + name + "]";
    }

    private static GeneralNames alternativeNames(List<String> names) {
        List<GeneralName> list = new ArrayList<>();
        for (String host : names) {
            boolean ip = IP_ADDRESS.matcher(host).matches();
            try {
                list.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid host name or IP address '" + host + "' in subjectAltNames", e);
            }
        }
        return new GeneralNames(list.toArray(GeneralName[]::new));
    }

    private static X500Name distinguishedName(String commonName) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("Invalid common name '" + commonName + "': expected a non-blank name");
        }
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("Cannot sign with " + SIGNATURE, e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot make EC P-256 keys", e);
        }
    }

    private static KeyStore emptyStore() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStoreFile.TYPE);
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("This JVM has no " + KeyStoreFile.TYPE + " key stores", e);
        }
    }

    private static KeyStoreFile write(KeyStore store, Path file, String password) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the key store " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write the key store " + file, e);
        }
        return new KeyStoreFile(file, password);
    }

    /** 18 random bytes, URL-safe Base64: 24 characters. */
    static String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(VALIDITY));
    }
}
