package io.faust4j;

/** How often each event's effects may happen when a worker fails: the {@code processing_guarantee} setting. */
public enum ProcessingGuarantee {
    /** Effects happen at least once: after a crash, events since the last commit are processed again. */
    AT_LEAST_ONCE("at_least_once"),
    /** Effects happen exactly once: changelog writes, outputs and offsets commit in one Kafka transaction. */
    EXACTLY_ONCE("exactly_once");

    private final String settingValue;

    ProcessingGuarantee(String settingValue) {
        this.settingValue = settingValue;
    }

    /** The value as written in settings, for example {@code at_least_once}. */
    public String settingValue() {
        return settingValue;
    }
}
