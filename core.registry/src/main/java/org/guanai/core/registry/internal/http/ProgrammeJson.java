package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.Messages;
import org.guanai.sdk.http.Request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.LRUMap;
import com.fasterxml.jackson.databind.util.LookupCache;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateTimeDeserializer;

/**
 * The JSON of one programme's routes: one {@link ObjectMapper} per {@link org.guanai.sdk.http.ProgrammeApi} service (its
 * caches hold the programme's classes and are dropped with the service), strict about what a client sends under the
 * platform's request contract: unknown fields, wrong types, numbers for enums, trailing tokens, dates outside
 * {@link Request#MIN_DATE}–{@link Request#MAX_DATE}, arrays longer than {@link Request#MAX_LIST_SIZE} and deep nesting
 * are refused with {@code 400} naming the field.
 */
public final class ProgrammeJson {
    /** Deepest nesting of a body. */
    static final int MAX_DEPTH = 32;

    private final ObjectMapper mapper;
    private final Messages messages;

    public ProgrammeJson(Messages messages) {
        this.messages = messages;
        ObjectMapper m = new ObjectMapper();
        // a type cache of its own: the shared default one would keep the programme's classes (and an updated
        // programme's old class loader) reachable after the service is gone
        m.setTypeFactory(TypeFactory.defaultInstance().withCache((LookupCache<Object, JavaType>) new LRUMap<Object, JavaType>(16, 200)));
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(100).maxStringLength(Request.MAX_JSON_BYTES).build());
        m.registerModule(new JavaTimeModule());
        SimpleModule ranges = new SimpleModule("guanai-date-ranges");
        ranges.addDeserializer(LocalDate.class, new Ranged<>(LocalDate.class, LocalDateDeserializer.INSTANCE, d -> d));
        ranges.addDeserializer(LocalDateTime.class,
                new Ranged<>(LocalDateTime.class, LocalDateTimeDeserializer.INSTANCE, LocalDateTime::toLocalDate));
        ranges.addDeserializer(OffsetDateTime.class,
                new Ranged<>(OffsetDateTime.class, InstantDeserializer.OFFSET_DATE_TIME, OffsetDateTime::toLocalDate));
        ranges.addDeserializer(Instant.class,
                new Ranged<>(Instant.class, InstantDeserializer.INSTANT, i -> i.atOffset(ZoneOffset.UTC).toLocalDate()));
        m.registerModule(ranges);
        m.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        this.mapper = m;
    }

    /** @return the mapper, for writing answers as the platform writes them */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses a body already read (at most {@link Request#MAX_JSON_BYTES}); syntax errors name the body. */
    JsonNode tree(byte[] bytes) {
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw invalid("body", "error.body.required");
            }
            checkSizes(node, "");
            return node;
        } catch (JsonProcessingException e) {
            throw invalid("body", "error.json.malformed");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binds a tree to {@code type}; unknown fields and bad values name the field. */
    <T> T bind(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ValidationException(List.of(messages.error(fieldOf(e), "error.json.unknownField")));
        } catch (OutOfRange e) {
            throw new ValidationException(List.of(messages.error(fieldOf(e), "error.date.range", Request.MIN_DATE, Request.MAX_DATE)));
        } catch (InvalidFormatException e) {
            FieldError err = messages.error(fieldOf(e), "error.json.badValue");
            if (e.getTargetType() != null && e.getTargetType().isEnum()) {
                String allowed = java.util.Arrays.toString(e.getTargetType().getEnumConstants());
                err = new FieldError(err.field(), err.messageZh() + "：" + allowed, err.messageEn() + ": " + allowed);
            }
            throw new ValidationException(List.of(err));
        } catch (JsonMappingException e) {
            throw new ValidationException(List.of(messages.error(fieldOf(e), "error.json.badValue")));
        } catch (JsonProcessingException e) {
            throw invalid("body", "error.json.malformed");
        }
    }

    private void checkSizes(JsonNode node, String at) {
        if (node.isArray()) {
            if (node.size() > Request.MAX_LIST_SIZE) {
                throw invalid(at.isEmpty() ? "body" : at, "error.json.listTooLong", Request.MAX_LIST_SIZE);
            }
            for (int i = 0; i < node.size(); i++) {
                checkSizes(node.get(i), at.isEmpty() ? String.valueOf(i) : at + "." + i);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                checkSizes(e.getValue(), at.isEmpty() ? e.getKey() : at + "." + e.getKey());
            }
        }
    }

    private ValidationException invalid(String field, String key, Object... args) {
        return new ValidationException(List.of(messages.error(field, key, args)));
    }

    static String fieldOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
        }
        return sb.length() == 0 ? "body" : sb.toString();
    }

    /** A date outside {@link Request#MIN_DATE}–{@link Request#MAX_DATE}; Jackson adds the field's path. */
    static final class OutOfRange extends MismatchedInputException {
        private static final long serialVersionUID = 1L;

        OutOfRange(JsonParser p, Class<?> type) {
            super(p, "date out of range " + Request.MIN_DATE + ".." + Request.MAX_DATE, type);
        }
    }

    /** Reads a date or time with the JSR-310 module's own deserializer, then checks its day is in range. */
    private static final class Ranged<T> extends StdDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient JsonDeserializer<T> delegate;
        private final transient Function<T, LocalDate> day;

        Ranged(Class<T> type, JsonDeserializer<T> delegate, Function<T, LocalDate> day) {
            super(type);
            this.delegate = delegate;
            this.day = day;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            T value = delegate.deserialize(p, ctxt);
            if (value != null) {
                LocalDate d = day.apply(value);
                if (d.isBefore(Request.MIN_DATE) || d.isAfter(Request.MAX_DATE)) {
                    throw new OutOfRange(p, handledType());
                }
            }
            return value;
        }
    }
}
