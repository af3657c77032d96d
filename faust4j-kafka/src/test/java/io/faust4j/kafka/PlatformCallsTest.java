package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.TransportException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where {@link PlatformCalls} runs a call: never on a virtual thread, and on the caller's own platform thread. */
class PlatformCallsTest {
    private final PlatformCalls calls = new PlatformCalls("test-calls");

    @AfterEach
    void close() {
        calls.close();
    }

    private static <T> T onVirtualThread(Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(action.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCallMadeOnAVirtualThreadRunsOnAPlatformThreadOfThePool() throws Exception {
        Thread ranOn = onVirtualThread(() -> calls.call(Thread::currentThread));

        assertThat(ranOn.isVirtual()).isFalse();
        assertThat(ranOn.getName()).startsWith("test-calls-");
    }

    @Test
    void aCallMadeOnAPlatformThreadRunsWhereItIs() {
        assertThat(calls.call(Thread::currentThread)).isSameAs(Thread.currentThread());
    }

    @Test
    void theCallersGetTheExceptionOfACallThatRanElsewhere() {
        assertThatThrownBy(() -> onVirtualThread(() -> calls.call(() -> {
            throw new TransportException("broker gone");
        }))).hasRootCauseInstanceOf(TransportException.class).rootCause().hasMessage("broker gone");
    }

    @Test
    void anExecutedActionFromAVirtualThreadRunsOnAPlatformThread() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        onVirtualThread(() -> {
            calls.execute(() -> {
                ranOn.set(Thread.currentThread());
                done.complete(null);
            });
            return null;
        });
        done.get(10, TimeUnit.SECONDS);

        assertThat(ranOn.get().isVirtual()).isFalse();
    }

    @Test
    void theOneCallBeforeAPoolExistsRunsOnAPlatformThreadOfItsOwn() throws Exception {
        Thread ranOn = onVirtualThread(() -> PlatformCalls.callOnce("test-open", Thread::currentThread));

        assertThat(ranOn.isVirtual()).isFalse();
        assertThat(ranOn.getName()).isEqualTo("test-open");
    }

    @Test
    void aCallAfterCloseFromAVirtualThreadFailsClearly() {
        calls.close();

        assertThatThrownBy(() -> onVirtualThread(() -> calls.call(() -> 1)))
                .rootCause().isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }
}
