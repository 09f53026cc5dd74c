package org.guanai.sdk.testing;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.sdk.http.Request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON as the platform reads and writes it on a programme's routes: bodies bound strictly under the request contract
 * (unknown fields, wrong types, numbers for enums, trailing tokens, dates outside {@link Request#MIN_DATE} to
 * {@link Request#MAX_DATE}, arrays longer than {@link Request#MAX_LIST_SIZE}, nesting deeper than 32 levels: {@code 400}
 * naming the field), answers written with ISO dates. One per {@link TestRoutes}.
 */
// SDK-GAP: the platform's strict binding (core.registry ProgrammeJson) is not a library the test kit can use, so its
// rules are written again here; one shared implementation would keep the two from drifting apart.
final class TestJson {
    /** How each date and time type the platform checks gives the day to check. */
    private static final Map<Class<?>, Function<Object, LocalDate>> DAYS = Map.of(
            LocalDate.class, v -> (LocalDate) v,
            LocalDateTime.class, v -> ((LocalDateTime) v).toLocalDate(),
            OffsetDateTime.class, v -> ((OffsetDateTime) v).toLocalDate(),
            Instant.class, v -> ((Instant) v).atOffset(ZoneOffset.UTC).toLocalDate());

    private final ObjectMapper mapper;
    private final TestTexts platform;

    TestJson(TestTexts platform) {
        this.platform = platform;
        SimpleModule ranges = new SimpleModule("guanai-test-date-ranges");
        ranges.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean, JsonDeserializer<?> found) {
                Function<Object, LocalDate> day = DAYS.get(bean.getBeanClass());
                return day == null ? found : new InRange(found, day);
            }
        });
        mapper = JsonMapper.builder().addModule(new JavaTimeModule()).addModule(ranges)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(100)
                .maxStringLength(Request.MAX_JSON_BYTES).build());
    }

    /** @return the tree of a body of at most {@link Request#MAX_JSON_BYTES}, its arrays no longer than allowed */
    JsonNode tree(byte[] body) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (IOException e) {
            throw invalid("body", "error.json.malformed");
        }
        if (node == null || node.isMissingNode()) {
            throw invalid("body", "error.body.required");
        }
        refuseLongLists(node, "");
        return node;
    }

    /** @param path the node's field path, empty for the whole body */
    private void refuseLongLists(JsonNode node, String path) {
        if (node.size() > Request.MAX_LIST_SIZE && node.isArray()) {
            throw invalid(path.isEmpty() ? "body" : path, "error.json.listTooLong", Request.MAX_LIST_SIZE);
        }
        String prefix = path.isEmpty() ? "" : path + ".";
        if (node.isObject()) {
            node.properties().forEach(e -> refuseLongLists(e.getValue(), prefix + e.getKey()));
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            refuseLongLists(node.get(i), prefix + i);
        }
    }

    /** @return the tree bound to {@code type}; what does not fit answers {@code 400} naming the field */
    <T> T bind(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "body"
                    : e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex()))
                            .collect(Collectors.joining("."));
            if (e instanceof UnrecognizedPropertyException) {
                throw invalid(field, "error.json.unknownField");
            }
            if (e instanceof OutOfRange) {
                throw invalid(field, "error.date.range", Request.MIN_DATE, Request.MAX_DATE);
            }
            Class<?> target = e instanceof InvalidFormatException f ? f.getTargetType() : null;
            FieldError bad = platform.field(field, "error.json.badValue");
            if (target != null && target.isEnum()) {
                String allowed = Arrays.toString(target.getEnumConstants());
                bad = new FieldError(field, bad.messageZh() + "：" + allowed, bad.messageEn() + ": " + allowed);
            }
            throw new ValidationException(List.of(bad));
        } catch (JsonProcessingException e) {
            throw invalid("body", "error.json.malformed");
        }
    }

    /** @return a value as the platform writes it in an answer, as a tree */
    JsonNode write(Object value) {
        return mapper.valueToTree(value);
    }

    ValidationException invalid(String field, String key, Object... args) {
        return new ValidationException(List.of(platform.field(field, key, args)));
    }

    /** A date or time outside the platform's range; Jackson adds the field's path. */
    private static final class OutOfRange extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        OutOfRange(JsonParser p) {
            super(p, "date outside " + Request.MIN_DATE + " to " + Request.MAX_DATE);
        }
    }

    /** The JSR-310 module's own deserializer of a date or time type, followed by a check of its day. */
    private static final class InRange extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;
        private final transient Function<Object, LocalDate> day;

        InRange(JsonDeserializer<?> delegate, Function<Object, LocalDate> day) {
            super(delegate);
            this.day = day;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new InRange(delegate, day);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object value = super.deserialize(p, ctxt);
            LocalDate d = value == null ? null : day.apply(value);
            if (d != null && (d.isBefore(Request.MIN_DATE) || d.isAfter(Request.MAX_DATE))) {
                throw new OutOfRange(p);
            }
            return value;
        }
    }
}
