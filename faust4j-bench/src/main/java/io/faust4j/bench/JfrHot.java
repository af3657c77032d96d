package io.faust4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The {@code jfr-hot} tool: where CPU time went during a scenario's timed window, from a JFR recording.
 * Reads {@code jdk.ExecutionSample}s between the begin and end of the {@link TimedPassEvent} (the whole
 * recording when there is none, or with {@code --all}) and prints the hottest methods by self time, by
 * total time, by the engine (io.faust4j) frame nearest the top of the stack, and the callers of the
 * hottest methods; also CPU load and GC pauses in the window.
 */
final class JfrHot {
    private static final String CORE = "io.faust4j.";

    private JfrHot() {
    }

    static int run(String[] args) throws IOException {
        Path file = null;
        int top = 25;
        boolean all = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--all" -> all = true;
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null || !Files.isRegularFile(file)) {
            System.err.println("usage: jfr-hot <recording.jfr> [--top N] [--all]");
            return 2;
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Instant from = Instant.MIN;
        Instant to = Instant.MAX;
        if (!all) {
            for (RecordedEvent e : events) {
                if (e.getEventType().getName().equals("faust4j.bench.TimedPass")) {
                    from = e.getStartTime();
                    to = e.getEndTime();
                    System.out.printf("window: %s .. %s (%.3f s), the timed pass of %s (%,d events)%n", from, to,
                            Duration.between(from, to).toNanos() / 1e9, e.getString("scenario"), e.getLong("events"));
                }
            }
            if (from == Instant.MIN) {
                System.out.println("window: the whole recording (it has no faust4j.bench.TimedPass event)");
            }
        }
        List<RecordedEvent> samples = new ArrayList<>();
        List<RecordedEvent> allocations = new ArrayList<>();
        double[] cpu = new double[4];
        long gcCount = 0;
        Duration gcPause = Duration.ZERO;
        for (RecordedEvent e : events) {
            boolean inside = !e.getStartTime().isBefore(from) && !e.getStartTime().isAfter(to);
            if (!inside) {
                continue;
            }
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    if (e.getStackTrace() != null) {
                        samples.add(e);
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    if (e.getStackTrace() != null) {
                        allocations.add(e);
                    }
                }
                case "jdk.CPULoad" -> {
                    cpu[0] += e.getFloat("jvmUser");
                    cpu[1] += e.getFloat("jvmSystem");
                    cpu[2] += e.getFloat("machineTotal");
                    cpu[3]++;
                }
                case "jdk.GarbageCollection" -> {
                    gcCount++;
                    gcPause = gcPause.plus(e.getDuration("sumOfPauses"));
                }
                default -> { }
            }
        }
        if (cpu[3] > 0) {
            System.out.printf("CPU (jdk.CPULoad, %d readings, share of all cores): JVM user %.0f%%, JVM system %.0f%%,"
                    + " machine %.0f%%%n", (int) cpu[3], 100 * cpu[0] / cpu[3], 100 * cpu[1] / cpu[3],
                    100 * cpu[2] / cpu[3]);
        }
        System.out.printf("GC in window: %d collections, %d ms of pauses%n", gcCount, gcPause.toMillis());
        System.out.printf("execution samples in window: %,d%n", samples.size());
        if (samples.isEmpty()) {
            return 1;
        }
        print("samples by thread", count(samples, e -> List.of(threadName(e.getThread("sampledThread")))), samples.size(), top);
        print("hot methods, self (top frame)", count(samples, e -> List.of(method(frames(e).get(0)))), samples.size(), top);
        print("hot methods, total (anywhere on the stack)", count(samples, JfrHot::distinctMethods), samples.size(), top);
        print("by engine frame (the io.faust4j method nearest the top: core code responsible, self + callees"
                + " outside io.faust4j)", count(samples, e -> List.of(nearestCore(e))), samples.size(), top);
        callers(samples, top);
        allocations(allocations, top);
        return 0;
    }

    private static void callers(List<RecordedEvent> samples, int top) {
        Map<String, Long> self = count(samples, e -> List.of(method(frames(e).get(0))));
        List<String> hottest = sorted(self).stream().limit(Math.min(top, 12)).map(Map.Entry::getKey).toList();
        System.out.printf("%n== hottest self methods with their callers (the 3 most common chains, 5 frames)%n");
        for (String method : hottest) {
            Map<String, Long> chains = new HashMap<>();
            for (RecordedEvent e : samples) {
                List<RecordedFrame> frames = frames(e);
                if (method(frames.get(0)).equals(method)) {
                    StringBuilder chain = new StringBuilder();
                    for (int i = 1; i < Math.min(frames.size(), 6); i++) {
                        chain.append(i == 1 ? "" : " <- ").append(method(frames.get(i))).append(':')
                                .append(frames.get(i).getLineNumber());
                    }
                    chains.merge(chain.toString(), 1L, Long::sum);
                }
            }
            System.out.printf("%5.1f%%  %s%n", 100.0 * self.get(method) / samples.size(), method);
            for (Map.Entry<String, Long> chain : sorted(chains).stream().limit(3).toList()) {
                System.out.printf("          %4.1f%%  <- %s%n", 100.0 * chain.getValue() / samples.size(), chain.getKey());
            }
        }
    }

    private static void allocations(List<RecordedEvent> allocations, int top) {
        if (allocations.isEmpty()) {
            return;
        }
        Map<String, Long> byClass = new HashMap<>();
        Map<String, Long> bySite = new HashMap<>();
        long total = 0;
        for (RecordedEvent e : allocations) {
            long weight = e.getLong("weight");
            total += weight;
            String type = e.getClass("objectClass").getName();
            byClass.merge(type, weight, Long::sum);
            List<RecordedFrame> frames = frames(e);
            String site = frames.isEmpty() ? "?" : method(frames.get(0));
            bySite.merge(type + " in " + site + " (engine frame " + nearestCore(e) + ")", weight, Long::sum);
        }
        System.out.printf("%n== allocation (jdk.ObjectAllocationSample, weighted): %,d MB sampled%n", total >> 20);
        System.out.println("-- by class");
        for (Map.Entry<String, Long> entry : sorted(byClass).stream().limit(top).toList()) {
            System.out.printf("%5.1f%%  %s%n", 100.0 * entry.getValue() / total, entry.getKey());
        }
        System.out.println("-- by class and site");
        for (Map.Entry<String, Long> entry : sorted(bySite).stream().limit(top).toList()) {
            System.out.printf("%5.1f%%  %s%n", 100.0 * entry.getValue() / total, entry.getKey());
        }
    }

    private static List<RecordedFrame> frames(RecordedEvent e) {
        RecordedStackTrace trace = e.getStackTrace();
        return trace.getFrames();
    }

    private static List<String> distinctMethods(RecordedEvent e) {
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames(e)) {
            seen.add(method(frame));
        }
        return List.copyOf(seen);
    }

    private static String nearestCore(RecordedEvent e) {
        for (RecordedFrame frame : frames(e)) {
            String m = method(frame);
            if (m.startsWith(CORE) && !m.startsWith("io.faust4j.bench.")) {
                return m;
            }
        }
        return "(no io.faust4j frame) " + method(frames(e).get(0));
    }

    private static String method(RecordedFrame frame) {
        RecordedMethod m = frame.getMethod();
        return m.getType().getName() + "." + m.getName();
    }

    private static String threadName(RecordedThread thread) {
        if (thread == null) {
            return "?";
        }
        String name = thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
        name = name.replaceAll("-\\d+$", "-<p>");
        return (thread.isVirtual() ? "virtual " : "platform ") + name;
    }

    private static Map<String, Long> count(List<RecordedEvent> samples, Function<RecordedEvent, List<String>> keys) {
        Map<String, Long> counts = new HashMap<>();
        for (RecordedEvent e : samples) {
            for (String key : keys.apply(e)) {
                counts.merge(key, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static List<Map.Entry<String, Long>> sorted(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        return entries;
    }

    private static void print(String title, Map<String, Long> counts, int total, int top) {
        System.out.printf("%n== %s%n", title);
        for (Map.Entry<String, Long> entry : sorted(counts).stream().limit(top).toList()) {
            System.out.printf("%5.1f%%  %7d  %s%n", 100.0 * entry.getValue() / total, entry.getValue(), entry.getKey());
        }
    }
}
