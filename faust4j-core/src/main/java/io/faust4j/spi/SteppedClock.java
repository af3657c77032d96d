package io.faust4j.spi;

import java.time.InstantSource;

/**
 * A clock that moves only when it is told to, such as the manual clock of {@code faust4j-test}, and tells
 * the engine when it moved, so that deadlines an app can observe (the window of {@code take(max, within)})
 * pass when the clock passes them, with no real waiting.
 *
 * <p>Give one to {@code Settings.Builder.clock(...)}. With any other {@link InstantSource}, the engine waits
 * in real time for what is left of a deadline on the app's clock.
 */
public interface SteppedClock extends InstantSource {
    /**
     * Registers {@code listener}, run after every move of the clock on the thread that moved it. It must
     * return quickly and never block.
     */
    void addListener(Runnable listener);

    /** Removes a listener added with {@link #addListener}; does nothing when it is not registered. */
    void removeListener(Runnable listener);
}
