package io.faust4j.kafka.embedded;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PKCS12 key store or trust store on disk and its password, as {@link CertificateAuthority} writes
 * them: what a broker's or a client's {@code ssl.*.location} and {@code ssl.*.password} point at.
 * {@link #toString()} leaves the password out.
 *
 * @param path the file
 * @param password the store's password (also the password of the private key in a key store)
 */
public record KeyStoreFile(Path path, String password) {
    /** The store type of every file this module writes. */
    public static final String TYPE = "PKCS12";

    public KeyStoreFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(password, "password");
    }

    /** The absolute path, as a string for a setting. */
    public String location() {
        return path.toAbsolutePath().toString();
    }

    @Override
    public String toString() {
        return "KeyStoreFile[" + path + ", password ****]";
    }
}
