package io.faust4j.internal.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.introspect.VirtualAnnotatedMember;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.VirtualBeanPropertyWriter;
import com.fasterxml.jackson.databind.util.Annotations;
import com.fasterxml.jackson.databind.util.SimpleBeanPropertyDefinition;
import io.faust4j.FaustRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes Faust's record metadata, {@code "__faust":{"ns":"<namespace>"}}, as the last property of every
 * model annotated {@link FaustRecord} (Faust's {@code Record.to_representation} appends it after the
 * fields). The name is not subject to the naming strategy. Reading needs nothing: unknown properties are
 * ignored.
 */
final class FaustMetadata extends BeanSerializerModifier {
    /** The property Faust calls the blessed key. */
    static final String FIELD = "__faust";

    private FaustMetadata() {
    }

    static SimpleModule module() {
        return new SimpleModule("faust4j-faust-metadata").setSerializerModifier(new FaustMetadata());
    }

    @Override
    public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                     List<BeanPropertyWriter> properties) {
        FaustRecord record = description.getBeanClass().getAnnotation(FaustRecord.class);
        if (record == null) {
            return properties;
        }
        JavaType type = config.constructType(Map.class);
        var member = new VirtualAnnotatedMember(description.getClassInfo(), description.getBeanClass(), FIELD, type);
        var definition = SimpleBeanPropertyDefinition.construct(config, member, PropertyName.construct(FIELD));
        List<BeanPropertyWriter> withMetadata = new ArrayList<>(properties);
        withMetadata.add(new Writer(definition, description.getClassAnnotations(), type,
                Map.of("ns", record.value())));
        return withMetadata;
    }

    /** A virtual property whose value is the same map for every instance. */
    static final class Writer extends VirtualBeanPropertyWriter {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, String> metadata;

        Writer(BeanPropertyDefinition definition, Annotations annotations, JavaType type, Map<String, String> metadata) {
            super(definition, annotations, type);
            this.metadata = metadata;
        }

        @Override
        protected Object value(Object bean, JsonGenerator generator, SerializerProvider provider) {
            return metadata;
        }

        @Override
        public VirtualBeanPropertyWriter withConfig(MapperConfig<?> config, AnnotatedClass declaringClass,
                                                    BeanPropertyDefinition definition, JavaType type) {
            throw new UnsupportedOperationException("made by FaustMetadata only, not through @JsonAppend");
        }
    }
}
