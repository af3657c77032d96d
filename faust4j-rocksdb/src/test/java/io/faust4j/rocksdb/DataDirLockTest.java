package io.faust4j.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.ConfigurationException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory lock, across processes: the operating system's lock, released even by kill -9. */
class DataDirLockTest {
    @TempDir
    Path temp;

    /** Run in a child JVM: holds the lock of {@code args[0]} until its standard input closes. */
    public static void main(String[] args) throws Exception {
        try (DataDirLock lock = DataDirLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void aWorkerInAnotherProcessHoldsTheDatadirUntilItDiesEvenByKill9() throws Exception {
        Path datadir = temp.resolve("data");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                DataDirLockTest.class.getName(), datadir.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> DataDirLock.acquire(datadir))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(datadir.toAbsolutePath().toString())
                    .hasMessageContaining("in use by another worker (process " + child.pid() + " on ");
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no release by the child
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        try (DataDirLock lock = DataDirLock.acquire(datadir)) {
            assertThat(lock).as("the dead process's lock went with it").isNotNull();
        }
    }
}
