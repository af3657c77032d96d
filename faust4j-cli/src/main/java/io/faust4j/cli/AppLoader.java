package io.faust4j.cli;

import io.faust4j.App;
import io.faust4j.Faust4jException;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the app named with {@code -A CLASS[:MEMBER]}: a public static method of CLASS without parameters that
 * returns an {@link App}, or a public static field holding one. Without {@code :MEMBER} CLASS must have exactly
 * one of them.
 */
final class AppLoader {
    private static final java.util.Map<String, ClassLoader> LOADERS = new java.util.concurrent.ConcurrentHashMap<>();

    private AppLoader() {
    }

    /** Loads the class (from {@code classpath} too, when given) and returns its app. */
    static App load(String reference, String classpath) {
        int colon = reference.indexOf(':');
        String className = colon < 0 ? reference : reference.substring(0, colon);
        String memberName = colon < 0 ? "" : reference.substring(colon + 1);
        ClassLoader loader = classLoader(classpath);
        Thread.currentThread().setContextClassLoader(loader); // transports, stores and codecs load through it
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new CliException("Cannot load app class '" + className + "' (from -A " + reference + "): not on the"
                    + " class path. Check the name (a fully qualified class name such as"
                    + " io.faust4j.examples.OrderCounts) and add the app's jar with --classpath");
        } catch (ExceptionInInitializerError e) {
            throw new CliException("App class '" + className + "' failed to initialize: "
                    + Errors.message(e.getCause()), e.getCause());
        }
        List<Member> candidates = candidates(type, memberName);
        if (candidates.isEmpty()) {
            throw new CliException(memberName.isEmpty()
                    ? "No App found in class " + className + ": add a public static method without parameters that"
                            + " returns an App (such as 'public static App app()') or a public static App field"
                    : "No public static method without parameters returning an App, and no public static App field,"
                            + " named '" + memberName + "' in class " + className);
        }
        if (candidates.size() > 1) {
            throw new CliException("Class " + className + " has several Apps (" + String.join(", ", candidates.stream()
                    .map(AppLoader::describe).toList()) + "): pick one with -A " + className + ":<name>");
        }
        return appOf(candidates.get(0), className);
    }

    private static List<Member> candidates(Class<?> type, String memberName) {
        List<Member> found = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0
                    && App.class.isAssignableFrom(method.getReturnType())
                    && (memberName.isEmpty() || method.getName().equals(memberName))) {
                found.add(method);
            }
        }
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && App.class.isAssignableFrom(field.getType())
                    && (memberName.isEmpty() || field.getName().equals(memberName))) {
                found.add(field);
            }
        }
        return found;
    }

    private static App appOf(Member member, String className) {
        Object value;
        try {
            value = member instanceof Method method ? method.invoke(null) : ((Field) member).get(null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Faust4jException) {
                throw new CliException("App " + className + "." + describe(member) + " failed: " + cause.getMessage(),
                        cause);
            }
            throw new CliException("App " + className + "." + describe(member) + " failed: "
                    + Errors.message(cause), cause);
        } catch (IllegalAccessException e) {
            throw new CliException("Cannot read " + className + "." + describe(member) + ": make it public", e);
        }
        if (value == null) {
            throw new CliException(className + "." + describe(member) + " is null: it must hold the app");
        }
        return (App) value;
    }

    private static String describe(Member member) {
        return member instanceof Method ? member.getName() + "()" : member.getName();
    }

    /** The class loader of {@code --classpath} (made once per class path, so the app's classes load once). */
    static ClassLoader classLoader(String classpath) {
        ClassLoader parent = AppLoader.class.getClassLoader();
        if (classpath == null || classpath.isBlank()) {
            return parent;
        }
        return LOADERS.computeIfAbsent(classpath, AppLoader::newClassLoader);
    }

    private static ClassLoader newClassLoader(String classpath) {
        ClassLoader parent = AppLoader.class.getClassLoader();
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                if (entry.endsWith("*")) {
                    Path dir = Path.of(entry.substring(0, entry.length() - 1));
                    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                        for (Path jar : jars) {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                } else {
                    Path path = Path.of(entry);
                    if (!Files.exists(path)) {
                        throw new CliException("--classpath entry " + entry + " does not exist");
                    }
                    urls.add(path.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new CliException("--classpath entry " + entry + " is not a path: " + e.getMessage());
            } catch (IOException e) {
                throw new CliException("--classpath entry " + entry + ": cannot list the directory: " + e.getMessage());
            }
        }
        return new URLClassLoader("faust4j-app", urls.toArray(URL[]::new), parent);
    }
}
