package io.faust4j.internal.codec;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.ValueInstantiators;
import com.fasterxml.jackson.databind.deser.impl.PropertyValueBuffer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The JSON codec's presence checks for models that Jackson builds through a constructor (records, and
 * classes with a {@code @JsonCreator} constructor), so that a model whose field names do not match the
 * data fails instead of decoding to nulls and zeros:
 * <ul>
 *   <li>an object must supply at least one of the model's fields;
 *   <li>it must supply every <em>required</em> field: those of a primitive type ({@code int},
 *       {@code long}, {@code double}, {@code boolean}...), which would otherwise silently be 0 or false,
 *       and those marked {@code @JsonProperty(required = true)}. Other fields may be absent and are null.
 * </ul>
 * A required field that is present may still be JSON {@code null} unless it is a primitive (the mapper's
 * {@code FAIL_ON_NULL_FOR_PRIMITIVES}). Classes that Jackson fills through setters or fields are not
 * checked: nothing records which of their properties the JSON supplied without a cost on every decode.
 *
 * <p>The checks cost a few bit tests per decoded object: Jackson's {@link PropertyValueBuffer} already
 * records which constructor arguments it saw, and the required ones are worked out once per type, when
 * Jackson builds the type's deserializer (the codec's constructor, for the top-level type).
 */
final class FieldPresence extends ValueInstantiators.Base {
    private FieldPresence() {
    }

    /** The Jackson module that installs the checks. */
    static Module module() {
        return new SimpleModule("faust4j-field-presence") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addValueInstantiators(new FieldPresence());
            }
        };
    }

    @Override
    public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription description,
            ValueInstantiator instantiator) {
        Class<?> type = description.getBeanClass();
        if (!instantiator.canCreateFromObjectWith() || Map.class.isAssignableFrom(type)
                || Collection.class.isAssignableFrom(type)) {
            return instantiator;
        }
        List<SettableBeanProperty> fields = new ArrayList<>();
        List<SettableBeanProperty> required = new ArrayList<>();
        for (SettableBeanProperty argument : instantiator.getFromObjectArguments(config)) {
            // injected arguments (@JacksonInject) and an any-setter's map never come from named JSON fields
            if (argument == null || argument.getName().isEmpty() || argument.getInjectableValueId() != null) {
                continue;
            }
            fields.add(argument);
            if (argument.getType().isPrimitive() || argument.isRequired()) {
                required.add(argument);
            }
        }
        if (fields.isEmpty()) {
            return instantiator;
        }
        return new Checked(instantiator, type, fields.toArray(SettableBeanProperty[]::new),
                required.toArray(SettableBeanProperty[]::new));
    }

    /** Jackson's instantiator for one type, checking which fields the object supplied before it builds. */
    private static final class Checked extends ValueInstantiator.Delegating {
        private final Class<?> type;
        private final SettableBeanProperty[] fields;
        private final SettableBeanProperty[] required;

        Checked(ValueInstantiator delegate, Class<?> type, SettableBeanProperty[] fields,
                SettableBeanProperty[] required) {
            super(delegate);
            this.type = type;
            this.fields = fields;
            this.required = required;
        }

        @Override
        public ValueInstantiator createContextual(DeserializationContext context, BeanDescription description)
                throws JsonMappingException {
            ValueInstantiator contextual = _delegate.createContextual(context, description);
            return contextual == _delegate ? this : new Checked(contextual, type, fields, required);
        }

        @Override
        public Object createFromObjectWith(DeserializationContext context, SettableBeanProperty[] properties,
                PropertyValueBuffer buffer) throws IOException {
            // hot path: with required fields, all present implies some present; without, find one present
            if (required.length > 0 ? !allPresent(buffer, required) : !anyPresent(buffer)) {
                throw missing(context, buffer);
            }
            return _delegate.createFromObjectWith(context, properties, buffer);
        }

        private boolean anyPresent(PropertyValueBuffer buffer) {
            for (SettableBeanProperty field : fields) {
                if (buffer.hasParameter(field)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean allPresent(PropertyValueBuffer buffer, SettableBeanProperty[] wanted) {
            for (SettableBeanProperty field : wanted) {
                if (!buffer.hasParameter(field)) {
                    return false;
                }
            }
            return true;
        }

        private MissingFieldsException missing(DeserializationContext context, PropertyValueBuffer buffer) {
            List<String> missing = new ArrayList<>();
            for (SettableBeanProperty field : anyPresent(buffer) ? required : fields) {
                if (!buffer.hasParameter(field)) {
                    missing.add(field.getName());
                }
            }
            List<String> expected = Arrays.stream(fields).map(SettableBeanProperty::getName).toList();
            return new MissingFieldsException(context, type, expected, missing);
        }
    }

    /**
     * An object that supplied none of its model's fields, or not all of the required ones. The codec turns
     * it into a {@link io.faust4j.CodecException} that also lists the fields the object did have.
     */
    static final class MissingFieldsException extends MismatchedInputException {
        private final transient Class<?> model;
        private final List<String> expected;
        private final List<String> missing;

        MissingFieldsException(DeserializationContext context, Class<?> model, List<String> expected,
                List<String> missing) {
            super(context.getParser(), "missing fields " + missing + " of " + model.getName(), model);
            this.model = model;
            this.expected = expected;
            this.missing = List.copyOf(missing);
        }

        /** The type whose fields are missing: the codec's type or one nested in it. */
        Class<?> model() {
            return model;
        }

        /** The model's field names as the JSON names them, in declaration order. */
        List<String> expected() {
            return expected;
        }

        /** The fields that are absent: all of {@link #expected()} when none is present, else the required ones. */
        List<String> missing() {
            return missing;
        }

        /** Whether the object supplied none of the model's fields. */
        boolean nonePresent() {
            return missing.size() == expected.size();
        }
    }
}
