package io.faust4j.internal;

import io.faust4j.ConfigurationException;
import io.faust4j.Source;
import io.faust4j.Topic;
import java.util.function.Function;

/**
 * The shared part of every source: a topic, or a step (repartition, forward) applied to a parent
 * source. The chain is turned into topics and internal forwarding agents when a worker starts.
 */
abstract sealed class AbstractSource<K, V> implements Source<K, V>
        permits TopicImpl, AbstractSource.GroupBy, AbstractSource.Through {

    /** The topic at the root of the chain: where events enter. */
    abstract TopicImpl<?, V> rootTopic();

    @Override
    public Source<String, V> groupBy(Function<? super V, String> keyFn) {
        return new GroupBy<>(this, "groupby", String.class, keyFn);
    }

    @Override
    public <K2> Source<K2, V> groupBy(String name, Class<K2> keyType, Function<? super V, ? extends K2> keyFn) {
        if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigurationException("Invalid groupBy name '" + name
                    + "': it names a topic, so use letters, digits, '.', '_' or '-'");
        }
        return new GroupBy<>(this, name, keyType, keyFn);
    }

    @Override
    public Source<K, V> through(Topic<K, V> topic) {
        return new Through<>(this, (TopicImpl<K, V>) topic);
    }

    /** Re-keys each event and sends it through an internal repartition topic. */
    static final class GroupBy<K, V> extends AbstractSource<K, V> {
        final AbstractSource<?, V> parent;
        final String name;
        final Class<K> keyType;
        final Function<? super V, ? extends K> keyFn;

        GroupBy(AbstractSource<?, V> parent, String name, Class<K> keyType, Function<? super V, ? extends K> keyFn) {
            this.parent = parent;
            this.name = name;
            this.keyType = keyType;
            this.keyFn = keyFn;
        }

        @Override
        TopicImpl<?, V> rootTopic() {
            return parent.rootTopic();
        }
    }

    /** Forwards each event unchanged to a declared topic. */
    static final class Through<K, V> extends AbstractSource<K, V> {
        final AbstractSource<K, V> parent;
        final TopicImpl<K, V> topic;

        Through(AbstractSource<K, V> parent, TopicImpl<K, V> topic) {
            this.parent = parent;
            this.topic = topic;
        }

        @Override
        TopicImpl<?, V> rootTopic() {
            return parent.rootTopic();
        }
    }
}
