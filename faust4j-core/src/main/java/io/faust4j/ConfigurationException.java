package io.faust4j;

/** A bad setting or declaration: raised at startup, naming the setting, the value and what is allowed. */
public class ConfigurationException extends Faust4jException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
