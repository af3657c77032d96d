package io.faust4j.test;

import io.faust4j.App;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each JUnit 5 test a fresh app running in its own {@link TestDriver}, closed after the test.
 *
 * <p>Register it on a non-static field; the driver is injected as a parameter of test and
 * {@code @BeforeEach} methods, or read with {@link #driver()}. When the test needs the app's topics and
 * tables, hold the app value in a field too: JUnit makes a new test instance, and so a new app, per test.
 *
 * <pre>{@code
 * class OrderCountsTest {
 *     private final OrderCounts orders = OrderCounts.create(s -> { });
 *
 *     @RegisterExtension
 *     final Faust4jExtension faust = Faust4jExtension.forApp(orders::app);
 *
 *     @Test
 *     void countsOrdersPerAccount(TestDriver driver) {
 *         driver.put(orders.countOrders(), "o-1", new Order("o-1", "acc-1", "p-1", 1, 9.5));
 *         assertThat(driver.table(orders.counts())).containsEntry("acc-1", 1L);
 *     }
 * }
 * }</pre>
 */
public final class Faust4jExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private final Supplier<App> app;
    private final TestDriverOptions options;
    private volatile TestDriver driver;

    private Faust4jExtension(Supplier<App> app, TestDriverOptions options) {
        this.app = app;
        this.options = options;
    }

    /** An extension that runs the app {@code app} supplies, freshly for each test, with default driver options. */
    public static Faust4jExtension forApp(Supplier<App> app) {
        return new Faust4jExtension(Objects.requireNonNull(app, "app"), TestDriverOptions.defaults());
    }

    /** A copy that creates its drivers with {@code options}. */
    public Faust4jExtension options(TestDriverOptions options) {
        return new Faust4jExtension(app, Objects.requireNonNull(options, "options"));
    }

    /**
     * The driver of the running test.
     *
     * @throws IllegalStateException outside a test
     */
    public TestDriver driver() {
        TestDriver current = driver;
        if (current == null) {
            throw new IllegalStateException("No test is running: the driver exists from before each test to after it");
        }
        return current;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        App created = app.get();
        if (created == null) {
            throw new IllegalStateException("The app supplier of Faust4jExtension returned null");
        }
        driver = TestDriver.create(created, options);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestDriver current = driver;
        driver = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDriver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return driver();
    }
}
