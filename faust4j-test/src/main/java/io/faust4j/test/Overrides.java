package io.faust4j.test;

import io.faust4j.Settings;
import io.faust4j.spi.StoreFactory;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the settings a test driver replaced that change what an app can do, by comparing the app as it
 * asked to run (its settings and the test's options) with the app as the driver runs it.
 */
final class Overrides {
    private Overrides() {
    }

    /** One line per replaced setting, saying what it was, what replaced it and what that means. */
    static List<String> find(Settings wanted, Settings run) {
        List<String> found = new ArrayList<>();
        if (!wanted.store().equals(run.store())) {
            String scheme = scheme(wanted.store());
            boolean available = ServiceLoader.load(StoreFactory.class).stream()
                    .anyMatch(f -> f.get().scheme().equals(scheme));
            found.add("store " + wanted.store() + " is replaced by " + run.store() + ": " + (available
                    ? "tables live in memory and restart() rebuilds them from their changelogs, so the " + scheme
                            + ":// store (local state, its recovery) is not tested"
                    : "no store for " + scheme + ":// is on the class path, so this app does not start outside the"
                            + " test driver"));
        }
        if (wanted.clock() != InstantSource.system() && wanted.clock() != run.clock()) {
            found.add("clock " + wanted.clock() + " is replaced by the driver's " + run.clock()
                    + ": the app's own clock is not used");
        }
        return List.copyOf(found);
    }

    private static String scheme(String url) {
        int at = url.indexOf("://");
        return at < 0 ? url : url.substring(0, at);
    }
}
