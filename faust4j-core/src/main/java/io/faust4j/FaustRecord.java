package io.faust4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a model as the Java side of a Python Faust {@code faust.Record}: the {@code json} codec then writes
 * Faust's metadata field {@code "__faust": {"ns": "<namespace>"}} after the model's fields, as Faust does by
 * default, so Faust workers decode it as that record class. Reading ignores the field, whatever it holds.
 *
 * <pre>{@code
 * @FaustRecord("proj.models.Order")
 * record Order(String orderId, String accountId, int amount) {}
 * }</pre>
 *
 * <p>Faust's field names are Python attribute names, usually snake_case: set {@code json_dialect=faust} (or
 * {@code faust_compat=true}) to map {@code accountId} to {@code account_id}. See docs/faust.md.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FaustRecord {
    /**
     * The Faust namespace: the record class's Python module and class name, {@code <module>.<ClassName>}
     * (Faust's default), or the {@code namespace} option the Faust model declares.
     */
    String value();
}
