package io.faust4j.internal;

import io.faust4j.Window;

/**
 * The key of one window of a windowed table in its store and changelog: the table key and the window's
 * bounds, epoch milliseconds (end exclusive).
 */
record WindowKey<K>(K key, long start, long end) {
    Window window() {
        return Window.ofMillis(start, end);
    }
}
