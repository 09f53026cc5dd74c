package org.guanai.sdk.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.ForbiddenException;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.StaleVersionException;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.http.ProgrammeJson;
import org.guanai.sdk.http.ApiException;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.http.Reply;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the platform would answer to a {@link TestRoutes#call}: the status, headers and body of the handler's answer, or
 * of its refusal ({@code 4xx} with the platform's error code and field errors in 中文 and English). {@link #json()} is the
 * body as the platform writes it, to check the field names and formats clients see.
 */
public final class TestAnswer {
    private final int status;
    private final Map<String, String> headers;
    private final Object body;
    private final Map<String, Object> refusal;
    private final List<FieldError> errors;
    private final ProgrammeJson json;

    private TestAnswer(int status, Map<String, String> headers, Object body, Map<String, Object> refusal, List<FieldError> errors,
            ProgrammeJson json) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.refusal = refusal;
        this.errors = List.copyOf(errors);
        this.json = json;
    }

    /** The answer to a handler's return value: {@code null} is {@code 204}, a {@link Reply} its own, the rest {@code 200}. */
    static TestAnswer of(Object answer, ProgrammeJson json) {
        Reply reply = answer == null ? Reply.noContent() : answer instanceof Reply r ? r : Reply.ok(answer);
        return new TestAnswer(reply.status(), reply.headers(), reply.body(), null, List.of(), json);
    }

    /**
     * The answer to what a handler threw, mapped to a status and error body as the platform maps it.
     *
     * @throws Exception {@code e} itself when the platform would answer {@code 500}: a test should see the failure
     */
    static TestAnswer refusal(Exception e, ProgrammeJson json, Messages platform) throws Exception {
        if (e instanceof ValidationException v) {
            return refused(400, "validation", null, v.errors(), Map.of(), json);
        } else if (e instanceof ApiException a) {
            return refused(a.status(), a.code(), new FieldError("", a.messageZh(), a.messageEn()), a.errors(), Map.of(), json);
        } else if (e instanceof NotFoundException) {
            return refused(404, "not_found", platform.error("", "error.notFound"), List.of(), Map.of(), json);
        } else if (e instanceof ForbiddenException f) {
            return refused(403, "forbidden", platform.error("", "error.forbidden", f.permission()), List.of(), Map.of(), json);
        } else if (e instanceof StaleVersionException s) {
            TestAnswer stale = refused(409, "stale_version", platform.error("", "error.stale", s.actual()), List.of(), Map.of(), json);
            stale.refusal.put("currentVersion", s.actual());
            return stale;
        }
        throw e;
    }

    /**
     * @param message the refusal's own 中文 and English message (the field name is not used), or {@code null} for none
     * @return a refusal with the platform's error body
     */
    static TestAnswer refused(int status, String code, FieldError message, List<FieldError> errors, Map<String, String> headers,
            ProgrammeJson json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        if (message != null) {
            body.put("message_zh", message.messageZh());
            body.put("message_en", message.messageEn());
        }
        if (!errors.isEmpty() || message == null) {
            body.put("errors", errors.stream().map(f -> Map.of("field", f.field(), "message_zh", f.messageZh(), "message_en", f.messageEn()))
                    .toList());
        }
        return new TestAnswer(status, headers, null, body, errors, json);
    }

    /** @return the HTTP status: {@code 200}, {@code 201}, {@code 204}, or a refusal's {@code 4xx} */
    public int status() {
        return status;
    }

    /** @return a header of the answer, e.g. {@code Location} of a {@code 201}, {@code Allow} of a {@code 405} */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** @return the handler's answer as it returned it (the body of its {@link Reply}), {@code null} for none or a refusal */
    public Object body() {
        return body;
    }

    /** @return the body as {@code type}, which it must be */
    public <T> T body(Class<T> type) {
        return type.cast(body);
    }

    /**
     * @return the JSON the platform would write: the answer's body or, for a refusal, the platform's error body
     *         {@code {"error": code, "message_zh", "message_en"}}, with {@code "errors": [{"field", "message_zh",
     *         "message_en"}]} where fields are named
     */
    public JsonNode json() {
        return json.mapper().valueToTree(refusal == null ? body : refusal);
    }

    /** @return the error code of a refusal ({@code validation}, {@code not_found}, {@code forbidden} …), or {@code null} */
    public String error() {
        return refusal == null ? null : (String) refusal.get("error");
    }

    /** @return the field errors of a refusal, each with its 中文 and English message */
    public List<FieldError> errors() {
        return errors;
    }

    /** @return the names of the fields a refusal names, in order */
    public List<String> fields() {
        return errors.stream().map(FieldError::field).toList();
    }

    /** @return the content of a file answer ({@link Reply#file}) */
    public byte[] file() {
        if (!(body instanceof Download d)) {
            throw new IllegalStateException("not a file: " + body);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            d.writer().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return status + " " + (refusal == null ? body : refusal);
    }
}
