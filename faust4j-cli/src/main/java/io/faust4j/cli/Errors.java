package io.faust4j.cli;

import io.faust4j.Faust4jException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * How the command reports failure: one line on standard error saying why, and an exit code: 2 for a bad
 * command line, 1 for anything else (a bad class, no app, a bad setting, a broker that does not answer). The
 * stack trace follows only at {@code -l debug} or {@code trace}.
 */
final class Errors {
    /** Exit code of a bad command line (unknown option, missing argument). */
    static final int USAGE = 2;
    /** Exit code of a command that failed. */
    static final int FAILED = 1;

    private Errors() {
    }

    /** Configures logging from the global options, then runs the chosen subcommand. */
    static int execute(ParseResult parseResult) {
        Faust4jCommand top = (Faust4jCommand) parseResult.commandSpec().userObject();
        Logging.configure(top.logLevel, top.jsonLogs);
        return new CommandLine.RunLast().execute(parseResult);
    }

    static int badParameters(CommandLine.ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        String help = line.getCommandSpec().qualifiedName() + " --help";
        line.getErr().println("faust4j: " + e.getMessage() + " (see " + help + ")");
        return USAGE;
    }

    static int failed(Exception e, CommandLine line, ParseResult parseResult) {
        line.getErr().println("faust4j: " + message(e));
        Faust4jCommand top = (Faust4jCommand) parseResult.commandSpec().root().userObject();
        if (top.logLevel != null && top.logLevel.ordinal() <= Logging.Level.DEBUG.ordinal()) {
            e.printStackTrace(line.getErr());
        }
        line.getErr().flush();
        return FAILED;
    }

    /** One line: the message of a problem faust4j explains itself, else the exception's type and message. */
    static String message(Throwable e) {
        Throwable shown = e;
        while (shown.getCause() != null && !(shown instanceof CliException) && !(shown instanceof Faust4jException)
                && (shown.getMessage() == null || shown.getMessage().equals(shown.getCause().toString()))) {
            shown = shown.getCause();
        }
        String text = shown instanceof CliException || shown instanceof Faust4jException
                ? shown.getMessage() : shown.getClass().getSimpleName() + ": " + shown.getMessage();
        return text == null ? shown.getClass().getName() : text.replace('\n', ' ');
    }
}
