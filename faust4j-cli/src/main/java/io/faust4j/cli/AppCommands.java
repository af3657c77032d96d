package io.faust4j.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine;

/**
 * Commands an app adds to {@code faust4j}: the class named with {@code -A} may declare
 * {@code public static List<Object> cliCommands()}, returning picocli command objects (classes annotated with
 * {@code @Command}). Each becomes a subcommand; it reaches the app, with the command line's settings applied, through
 * a {@code @ParentCommand Faust4jCommand faust4j} field ({@link Faust4jCommand#app()},
 * {@link Faust4jCommand#settings()}).
 */
final class AppCommands {
    /** The name of the static method that lists an app's commands. */
    static final String METHOD = "cliCommands";

    private AppCommands() {
    }

    /** Adds the app's commands to {@code line}, when {@code args} name an app class that has some. */
    static void add(CommandLine line, String[] args) {
        String reference = option(args, "-A", "--app");
        if (reference == null) {
            return;
        }
        String className = reference.contains(":") ? reference.substring(0, reference.indexOf(':')) : reference;
        Class<?> type;
        try {
            type = Class.forName(className, false, AppLoader.classLoader(option(args, "-cp", "--classpath")));
        } catch (ClassNotFoundException | LinkageError | CliException e) {
            return; // the command itself reports a class that cannot be loaded
        }
        Method method;
        try {
            method = type.getMethod(METHOD);
        } catch (NoSuchMethodException e) {
            return;
        }
        if (!Modifier.isStatic(method.getModifiers())) {
            throw new CliException(className + "." + METHOD + "() must be static");
        }
        for (Object command : commands(method, className)) {
            String name = command.getClass().getAnnotation(CommandLine.Command.class) == null ? ""
                    : command.getClass().getAnnotation(CommandLine.Command.class).name();
            if (name.isEmpty() || name.equals("<main class>")) {
                throw new CliException(className + "." + METHOD + "() returned a " + command.getClass().getName()
                        + ", which is no command: annotate its class with @Command(name = \"...\")");
            }
            if (line.getSubcommands().containsKey(name)) {
                throw new CliException(className + "." + METHOD + "() returned a command named '" + name
                        + "', which faust4j has already: rename it");
            }
            CommandLine sub = new CommandLine(command);
            line.addSubcommand(name, sub);
        }
    }

    private static List<Object> commands(Method method, String className) {
        Object value;
        try {
            value = method.invoke(null);
        } catch (InvocationTargetException e) {
            throw new CliException(className + "." + METHOD + "() failed: " + Errors.message(e.getCause()), e.getCause());
        } catch (IllegalAccessException e) {
            throw new CliException(className + "." + METHOD + "() must be public", e);
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (value instanceof Object[] array) {
            return List.of(array);
        }
        throw new CliException(className + "." + METHOD + "() must return a List of command objects, not "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /** The value of an option in {@code args} ({@code -A X}, {@code --app X} or {@code --app=X}), or null. */
    static String option(String[] args, String shortName, String longName) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals(shortName) || arg.equals(longName)) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (arg.startsWith(longName + "=")) {
                return arg.substring(longName.length() + 1);
            }
            if (arg.startsWith(shortName + "=")) {
                return arg.substring(shortName.length() + 1);
            }
            if (shortName.length() == 2 && arg.startsWith(shortName) && arg.length() > 2) {
                return arg.substring(2); // -AX, picocli's short form
            }
        }
        return null;
    }
}
