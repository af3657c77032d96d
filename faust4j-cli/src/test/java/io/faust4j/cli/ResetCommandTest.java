package io.faust4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faust4j reset}: asks, deletes the datadir, and refuses while a worker holds it. */
class ResetCommandTest {
    private static final String APP = "io.faust4j.cli.TestApps:readings";
    private final InputStream stdin = System.in;

    @TempDir
    Path dir;

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private Path state() throws Exception {
        Path datadir = dir.resolve("data");
        Files.createDirectories(datadir.resolve("last-reading/0"));
        Files.writeString(datadir.resolve("last-reading/0/CURRENT"), "x");
        return datadir;
    }

    @Test
    void deletesTheDatadirWhenConfirmed() throws Exception {
        Path datadir = state();
        System.setIn(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)));
        Cli run = Cli.run("-A", APP, "reset", "--datadir", datadir.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("This deletes:", "the local state in " + datadir.toAbsolutePath(), "Deleted");
        assertThat(datadir).doesNotExist();
    }

    @Test
    void keepsEverythingUnlessConfirmed() throws Exception {
        Path datadir = state();
        System.setIn(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)));
        Cli run = Cli.run("-A", APP, "reset", "--datadir", datadir.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("Not confirmed: nothing was deleted");
        assertThat(datadir.resolve("last-reading/0/CURRENT")).exists();

        System.setIn(new ByteArrayInputStream(new byte[0]));
        assertThat(Cli.run("-A", APP, "reset", "--datadir", datadir.toString()).code()).isEqualTo(1);
        assertThat(datadir).exists();

        assertThat(Cli.run("-A", APP, "reset", "--datadir", datadir.toString(), "--yes").code()).isZero();
        assertThat(datadir).doesNotExist();
    }

    @Test
    void refusesWhileAWorkerHoldsTheDatadir() throws Exception {
        Path datadir = state();
        Path lockFile = datadir.resolve(ResetCommand.LOCK_FILE);
        Files.writeString(lockFile, "process 4242 on test-host");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) { // a worker's lock (in this JVM here; the OS lock across processes)
            assertThat(lock.isValid()).isTrue();
            Cli run = Cli.run("-A", APP, "reset", "--datadir", datadir.toString(), "--yes");
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).contains("is in use by a running worker (process 4242 on test-host): stop it first");
            assertThat(datadir.resolve("last-reading/0/CURRENT")).exists();
        }
        assertThat(Cli.run("-A", APP, "reset", "--datadir", datadir.toString(), "--yes").code()).isZero();
    }

    @Test
    void saysWhenThereIsNothingToReset() {
        Cli run = Cli.run("-A", APP, "reset", "--datadir", dir.resolve("none").toString(), "--offsets");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("memory://", "Nothing to reset");
    }
}
