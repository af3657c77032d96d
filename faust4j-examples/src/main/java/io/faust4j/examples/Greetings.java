package io.faust4j.examples;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Topic;
import java.util.function.Consumer;

/**
 * Hello world, as in "Introducing Faust": an agent greets everyone who sends a greeting to the
 * {@code greetings} topic, printing "Hello from X to Y" and emitting the same text.
 *
 * @param app the app
 * @param greetings the topic greetings arrive on
 * @param hello the agent that prints them
 */
public record Greetings(App app, Topic<String, Greeting> greetings, Agent<String, Greeting> hello) {

    /**
     * A greeting from someone to someone (JSON on the topic).
     *
     * @param fromName who greets
     * @param toName who is greeted
     */
    public record Greeting(String fromName, String toName) {
    }

    /** Declares the app; {@code settings} adds to or overrides its settings. */
    public static Greetings create(Consumer<Settings.Builder> settings) {
        App app = App.create("hello-app", settings);
        Topic<String, Greeting> greetings = app.topic("greetings", Greeting.class);
        Agent<String, Greeting> hello = app.agent("hello", greetings, stream -> {
            for (Greeting greeting : stream) {
                String text = "Hello from " + greeting.fromName() + " to " + greeting.toName();
                System.out.println(text);
                stream.emit(text);
            }
        });
        return new Greetings(app, greetings, hello);
    }

    /** Makes the app greet itself once when it has started (a start hook), as a user would from outside. */
    public Greetings sendSampleGreeting() {
        app.onStart(worker -> hello.send(new Greeting("Faust", "you")));
        return this;
    }

    /** Runs the app on the in-memory broker, sends it one greeting, and waits for Ctrl-C. */
    public static void main(String[] args) {
        create(settings -> { }).sendSampleGreeting().app().run();
    }
}
