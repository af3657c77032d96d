package io.faust4j.cli;

/** A class that declares no app, for the "no App found" message. */
public final class NoApp {
    private NoApp() {
    }

    /** Not an app. */
    public static String name() {
        return "none";
    }
}
