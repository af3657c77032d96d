package io.faust4j.cli;

import io.faust4j.App;
import java.util.List;

/** An app class whose cliCommands() returns something that is no command. */
public final class BadCommands {
    /** The app. */
    public static final App APP = App.create("bad-commands");

    private BadCommands() {
    }

    /** Not commands. */
    public static List<Object> cliCommands() {
        return List.of("not a command");
    }
}
