package io.faust4j.cli;

import java.io.PrintWriter;

/** The entry point of the {@code faust4j} command ({@code bin/faust4j} runs it): runs it and exits with its code. */
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits the JVM with its exit code (0 for success). */
    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs the command line, writing results to {@code out} and problems to {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        picocli.CommandLine line = Faust4jCommand.commandLine(out, err);
        try {
            AppCommands.add(line, args);
        } catch (CliException e) {
            err.println("faust4j: " + e.getMessage());
            err.flush();
            return Errors.FAILED;
        }
        return line.execute(args);
    }
}
