package io.faust4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's launcher, {@code bin/faust4j}, in a home laid out as the build lays it out ({@code bin/} with
 * {@code find-jdk.sh}, {@code lib/} with a jar naming this test's class path): it finds a JDK as {@code ./mvnw} does,
 * also through a symbolic link and with a wrong {@code JAVA_HOME}.
 */
class DistributionTest {
    @TempDir
    Path dir;

    private Path home;

    @BeforeEach
    void layOut() throws IOException {
        home = dir.resolve("faust4j");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path lib = Files.createDirectories(home.resolve("lib"));
        Files.copy(Path.of("src/main/dist/bin/faust4j"), bin.resolve("faust4j"));
        Files.setPosixFilePermissions(bin.resolve("faust4j"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Path.of("../.mvn/find-jdk.sh"), bin.resolve("find-jdk.sh"));
        // lib/ holds one jar whose manifest lists this test's class path (so nothing is copied)
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.append(Path.of(entry).toAbsolutePath().toUri()).append(' ');
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString().strip());
        try (OutputStream out = Files.newOutputStream(lib.resolve("classpath.jar"));
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    private record Run(int code, String output) {
    }

    private Run run(Path launcher, String javaHome, String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(launcher.toString()), Stream.of(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void printsItsVersionAndHelpWithoutAnApp() throws Exception {
        Run version = run(home.resolve("bin/faust4j"), System.getProperty("java.home"), "--version");
        assertThat(version.code()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("faust4j " + Faust4jCommand.version());
        Run help = run(home.resolve("bin/faust4j"), System.getProperty("java.home"), "--help");
        assertThat(help.code()).isZero();
        assertThat(help.output()).contains("Usage: faust4j", "worker");
    }

    @Test
    void findsAJdkThroughALinkAndDespiteAWrongJavaHome() throws Exception {
        Path link = Files.createDirectories(dir.resolve("usr-bin")).resolve("faust4j");
        Files.createSymbolicLink(link, home.resolve("bin/faust4j"));
        Run run = run(link, dir.resolve("no-such-jdk").toString(), "-A", "io.faust4j.cli.TestApps:readings", "tables");
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).contains("last-reading");
        Run bad = run(link, System.getProperty("java.home"), "-A", "com.example.Missing", "agents");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.output()).contains("faust4j: Cannot load app class 'com.example.Missing'");
    }
}
