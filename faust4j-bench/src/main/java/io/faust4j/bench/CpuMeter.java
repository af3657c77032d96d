package io.faust4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM and of the whole machine (Linux {@code /proc/stat}), to tell how much of a timed
 * pass other processes took: on a shared 2-core machine that, not the engine, is often what moves a
 * figure. {@link #machineBusyNanos} is -1 where {@code /proc/stat} is missing. Also the bytes all threads
 * have allocated (virtual threads allocate on their carriers), -1 where the JVM does not tell, and the
 * context switches of this process's threads (Linux {@code /proc/self/task}), -1 elsewhere.
 */
record CpuMeter(long wallNanos, long processCpuNanos, long machineBusyNanos, long allocatedBytes,
                long contextSwitches) {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final long NANOS_PER_TICK = 10_000_000; // USER_HZ is 100 on Linux

    static CpuMeter now() {
        long process = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            process = os.getProcessCpuTime();
        }
        long allocated = -1;
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
            try {
                allocated = threads.getTotalThreadAllocatedBytes();
            } catch (UnsupportedOperationException e) {
                allocated = -1;
            }
        }
        return new CpuMeter(System.nanoTime(), process, machineBusy(), allocated, readContextSwitches());
    }

    /** CPU used by other processes since {@code before}, in nanoseconds; -1 when unknown. */
    long othersNanosSince(CpuMeter before) {
        if (machineBusyNanos < 0 || before.machineBusyNanos < 0 || processCpuNanos < 0) {
            return -1;
        }
        return Math.max(0, (machineBusyNanos - before.machineBusyNanos) - (processCpuNanos - before.processCpuNanos));
    }

    long processNanosSince(CpuMeter before) {
        return processCpuNanos - before.processCpuNanos;
    }

    /**
     * Waits up to {@code maxWaitMillis} until other processes use under {@code share} of one core over a
     * second; returns whether the machine was quiet.
     */
    static boolean awaitQuiet(long maxWaitMillis, double share) throws InterruptedException {
        if (machineBusy() < 0) {
            return true;
        }
        long deadline = System.nanoTime() + maxWaitMillis * 1_000_000;
        while (true) {
            CpuMeter before = now();
            Thread.sleep(1_000);
            CpuMeter after = now();
            double others = (double) after.othersNanosSince(before) / (after.wallNanos - before.wallNanos);
            if (others < share) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            System.out.printf("  waiting for a quiet machine: other processes use %.0f%% of a core%n", 100 * others);
        }
    }

    /** Voluntary plus involuntary context switches of the threads alive now (exited threads are not counted). */
    private static long readContextSwitches() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long total = 0;
        try (var dirs = Files.list(tasks)) {
            for (Path task : dirs.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    private static long machineBusy() {
        try {
            String[] f = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
