package io.faust4j.cli;

import io.faust4j.Settings;
import io.faust4j.spi.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code faust4j reset}: deletes this worker's local state (its {@code datadir}) and, with {@code --offsets},
 * the app's consumer group with its committed offsets, after saying what it will delete and asking (unless
 * {@code --yes}). Refuses while a worker holds the data directory or the group has members.
 */
@Command(name = "reset", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Deletes this worker's local state (datadir) and, with --offsets, the app's committed offsets.")
final class ResetCommand implements Callable<Integer> {
    /** The lock file a running worker holds in its data directory (faust4j-rocksdb's DataDirLock). */
    static final String LOCK_FILE = ".lock";

    @ParentCommand
    Faust4jCommand top;

    @Spec
    CommandSpec spec;

    @Option(names = "--offsets", description = "Also delete the app's consumer group and its committed offsets,"
            + " so its next worker starts from consumer_auto_offset_reset (kafka:// only).")
    boolean offsets;

    @Option(names = {"-y", "--yes"}, description = "Do not ask before deleting.")
    boolean yes;

    @Override
    public Integer call() throws IOException {
        Settings settings = top.settings();
        PrintWriter out = spec.commandLine().getOut();
        Path datadir = settings.datadir().toAbsolutePath();
        boolean hasState = Files.exists(datadir);
        boolean memoryBroker = settings.broker().get(0).startsWith("memory:");
        List<String> plan = new ArrayList<>();
        if (hasState) {
            plan.add("the local state in " + datadir);
        }
        if (offsets && !memoryBroker) {
            plan.add("consumer group '" + settings.effectiveId() + "' and its committed offsets on "
                    + String.join(";", settings.broker()));
        }
        if (offsets && memoryBroker) {
            out.println("The broker is memory://: its offsets live and die with a worker's process; none to delete.");
        }
        if (plan.isEmpty()) {
            out.println("Nothing to reset: no local state in " + datadir + (offsets ? "" : " (--offsets also deletes"
                    + " the app's committed offsets)"));
            return 0;
        }
        if (hasState) {
            requireUnlocked(datadir);
        }
        if (!yes && !confirm(out, settings.effectiveId(), plan)) {
            throw new CliException("Not confirmed: nothing was deleted (answer y, or pass --yes)");
        }
        if (offsets && !memoryBroker) {
            try (Transport transport = BrokerAccess.open(settings, "reset --offsets")) {
                boolean existed = transport.deleteGroup(settings.effectiveId());
                out.println(existed ? "Deleted consumer group '" + settings.effectiveId() + "' and its offsets"
                        : "Consumer group '" + settings.effectiveId() + "' has no committed offsets");
            }
        }
        if (hasState) {
            deleteRecursively(datadir);
            out.println("Deleted " + datadir);
        }
        out.flush();
        return 0;
    }

    private static boolean confirm(PrintWriter out, String app, List<String> plan) throws IOException {
        out.println("Reset app '" + app + "'? This deletes:");
        plan.forEach(item -> out.println("  - " + item));
        out.print("Type y to go on: ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
    }

    /** Fails when a worker holds {@code datadir}'s lock (the lock is the operating system's, so a dead one does not). */
    private static void requireUnlocked(Path datadir) throws IOException {
        Path lockFile = datadir.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(datadir, lockFile);
            }
            lock.release();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw inUse(datadir, lockFile);
        }
    }

    private static CliException inUse(Path datadir, Path lockFile) throws IOException {
        return new CliException("Data directory " + datadir + " is in use by a running worker ("
                + Files.readString(lockFile).trim() + "): stop it first; nothing was deleted");
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
