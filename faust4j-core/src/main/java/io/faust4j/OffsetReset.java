package io.faust4j;

/** Where a consumer group starts reading a partition that has no committed offset: {@code consumer_auto_offset_reset}. */
public enum OffsetReset {
    /** Start from the oldest record still in the partition. */
    EARLIEST("earliest"),
    /** Start from the next record written after the consumer joins. */
    LATEST("latest");

    private final String settingValue;

    OffsetReset(String settingValue) {
        this.settingValue = settingValue;
    }

    /** The value as written in settings, for example {@code earliest}. */
    public String settingValue() {
        return settingValue;
    }
}
