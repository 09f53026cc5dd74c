package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.guanai.core.api.Caller;
import org.guanai.core.api.ForbiddenException;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.programmes.DeclaredRoute;
import org.guanai.sdk.http.ApiException;
import org.guanai.sdk.http.Paging;
import org.guanai.sdk.http.Request;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The SDK's {@link Request} under the platform's request contract: path ids, references to the school's records, query
 * parameters, the body's media type, size and strict JSON binding, each refused naming the field. What it reads from is
 * left to a subclass: the servlet request and the core's services on the platform ({@link SdkRequest}), what a test
 * gives in the test kit ({@code TestRequest}), so a programme's tests see the platform's answers by construction.
 */
public abstract class ProgrammeRequest implements Request {
    private final String programme;
    private final String method;
    private final Map<String, String> params;
    private final List<String> consumes;
    private final Caller caller;
    private final long school;
    private final Messages messages;
    private final ProgrammeJson json;
    private boolean bodyRead;

    /**
     * @param method   the request's method; the handler sees {@code GET} for {@code HEAD} (the {@code GET} route serves it)
     * @param params   the path parameters of the route that serves the request
     * @param consumes the media types of a non-JSON body the route accepts, none for JSON
     */
    protected ProgrammeRequest(String programme, String method, Map<String, String> params, List<String> consumes, Caller caller,
            long school, Messages messages, ProgrammeJson json) {
        this.programme = programme;
        this.method = method.equals("HEAD") ? "GET" : method;
        this.params = Map.copyOf(params);
        this.consumes = List.copyOf(consumes);
        this.caller = caller;
        this.school = school;
        this.messages = messages;
        this.json = json;
    }

    /** @return the query parameter as the client sent it, or {@code null} */
    protected abstract String rawQuery(String name);

    /** @return the body's declared length, {@code -1} when unknown */
    protected abstract long contentLength();

    /** @return the body, read once */
    protected abstract InputStream content() throws IOException;

    /** @return the child of that id the caller reaches, of any school */
    protected abstract Optional<Child> findChild(long id);

    /** @return the class of that id, of any school */
    protected abstract Optional<SchoolClass> findClass(long id);

    /** @return the staff member of that id, of any school */
    protected abstract Optional<Staff> findStaff(long id);

    private <T> Optional<T> ofSchool(Optional<T> record, Function<T, Long> schoolOf) {
        return record.filter(r -> Long.valueOf(school).equals(schoolOf.apply(r)));
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public String user() {
        return caller.user();
    }

    @Override
    public long school() {
        return school;
    }

    private String permissionId(String permission) {
        return permission.contains(".") ? permission : programme + "." + permission;
    }

    @Override
    public boolean has(String permission) {
        return caller.has(permissionId(permission));
    }

    @Override
    public void require(String permission) {
        if (!has(permission)) {
            throw new ForbiddenException(permissionId(permission));
        }
    }

    // ---- path

    @Override
    public String path(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the route has no path parameter {" + name + "}: " + params.keySet());
        }
        return v;
    }

    @Override
    public long id(String name) {
        return Ids.parse(path(name)).orElseThrow(() -> new NotFoundException(name, 0));
    }

    @Override
    public Child child(String name) {
        long id = id(name);
        return ofSchool(findChild(id), Child::schoolId).orElseThrow(() -> new NotFoundException("child", id));
    }

    @Override
    public SchoolClass schoolClass(String name) {
        long id = id(name);
        return ofSchool(findClass(id), SchoolClass::schoolId).orElseThrow(() -> new NotFoundException("class", id));
    }

    @Override
    public Staff staff(String name) {
        long id = id(name);
        return ofSchool(findStaff(id), Staff::schoolId).orElseThrow(() -> new NotFoundException("staff", id));
    }

    // ---- references in a body

    @Override
    public Child childRef(String field, long id) {
        return ofSchool(findChild(id), Child::schoolId).orElseThrow(() -> invalid(field, "error.ref.child"));
    }

    @Override
    public SchoolClass classRef(String field, long id) {
        return ofSchool(findClass(id), SchoolClass::schoolId).orElseThrow(() -> invalid(field, "error.ref.class"));
    }

    @Override
    public Staff staffRef(String field, long id) {
        return ofSchool(findStaff(id), Staff::schoolId).orElseThrow(() -> invalid(field, "error.ref.staff"));
    }

    // ---- query

    @Override
    public Optional<String> query(String name) {
        String v = rawQuery(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    @Override
    public Optional<Long> longQuery(String name) {
        return query(name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw badParam(name);
            }
        });
    }

    @Override
    public int intQuery(String name, int dflt, int min, int max) {
        Optional<Long> v = longQuery(name);
        if (v.isEmpty()) {
            return dflt;
        }
        if (v.get() < min || v.get() > max) {
            throw new ValidationException(List.of(messages.error(name, "error.param.range", min, max)));
        }
        return v.get().intValue();
    }

    @Override
    public boolean flag(String name) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return false;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw badParam(name);
        };
    }

    @Override
    public Optional<LocalDate> date(String name) {
        return query(name).map(v -> {
            LocalDate d;
            try {
                d = LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw badParam(name);
            }
            if (d.isBefore(MIN_DATE) || d.isAfter(MAX_DATE)) {
                throw new ValidationException(List.of(messages.error(name, "error.date.range", MIN_DATE, MAX_DATE)));
            }
            return d;
        });
    }

    @Override
    public <E extends Enum<E>> Optional<E> enumQuery(String name, Class<E> type) {
        return query(name).map(v -> {
            try {
                return Enum.valueOf(type, v);
            } catch (IllegalArgumentException e) {
                String allowed = Arrays.toString(type.getEnumConstants());
                FieldError err = messages.error(name, "error.param.badValue");
                throw new ValidationException(
                        List.of(new FieldError(name, err.messageZh() + "：" + allowed, err.messageEn() + ": " + allowed)));
            }
        });
    }

    @Override
    public Paging paging() {
        return new Paging(intQuery("page", 0, 0, 1_000_000), intQuery("size", 20, 1, 500));
    }

    // ---- body

    @Override
    public <T> T body(Class<T> type) {
        JsonNode node = jsonBody();
        if (!node.isObject()) {
            throw invalid("body", "error.json.object");
        }
        return json.bind(node, type);
    }

    @Override
    public <T> List<T> bodyList(Class<T> type) {
        JsonNode node = jsonBody();
        if (!node.isArray()) {
            throw invalid("body", "error.json.array");
        }
        List<T> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            try {
                out.add(json.bind(node.get(i), type));
            } catch (ValidationException e) {
                int index = i;
                throw new ValidationException(e.errors().stream()
                        .map(f -> new FieldError(index + (f.field().equals("body") ? "" : "." + f.field()), f.messageZh(), f.messageEn()))
                        .toList());
            }
        }
        return out;
    }

    private JsonNode jsonBody() {
        String type = contentType().orElse("");
        if (!type.equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", messages.zh("error.json.required"), messages.en("error.json.required"),
                    List.of(messages.error("Content-Type", "error.json.required")));
        }
        return json.tree(read(MAX_JSON_BYTES));
    }

    @Override
    public byte[] bytes(int maxBytes) {
        List<String> accepted = consumes;
        String type = contentType().orElse("");
        if (!accepted.isEmpty() && accepted.stream().noneMatch(a -> a.endsWith("/*") ? type.startsWith(a.substring(0, a.length() - 1))
                : a.equals(type))) {
            String list = String.join(", ", accepted);
            throw new ApiException(415, "unsupported_media_type", messages.zh("error.mediaType", list), messages.en("error.mediaType", list),
                    List.of(messages.error("Content-Type", "error.mediaType", list)));
        }
        return read(maxBytes);
    }

    private byte[] read(int max) {
        if (bodyRead) {
            throw new IllegalStateException("the body of a request is read once");
        }
        bodyRead = true;
        if (contentLength() > max) {
            throw tooLarge(max);
        }
        byte[] bytes;
        try (InputStream in = content()) {
            bytes = in.readNBytes(max + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > max) {
            throw tooLarge(max);
        }
        if (bytes.length == 0) {
            throw invalid("body", "error.body.required");
        }
        return bytes;
    }

    private ApiException tooLarge(int max) {
        String size = max >= 1 << 20 ? (max >> 20) + " MiB" : (max >> 10) + " KiB";
        return new ApiException(413, "payload_too_large", messages.zh("error.body.tooLarge", size), messages.en("error.body.tooLarge", size),
                List.of(messages.error("body", "error.body.tooLarge", size)));
    }

    @Override
    public Optional<String> contentType() {
        String t = header("Content-Type").orElse(null);
        if (t == null || t.isBlank()) {
            return Optional.empty();
        }
        int semi = t.indexOf(';');
        return Optional.of((semi < 0 ? t : t.substring(0, semi)).strip().toLowerCase(Locale.ROOT));
    }

    // ---- links

    @Override
    public String link(String relativePath) {
        return "/api/programmes/" + programme + "/" + DeclaredRoute.normalise(relativePath);
    }

    /** @return the path parameters of the route */
    public Map<String, String> params() {
        return params;
    }

    protected final ValidationException invalid(String field, String key, Object... args) {
        return new ValidationException(List.of(messages.error(field, key, args)));
    }

    private ValidationException badParam(String name) {
        return invalid(name, "error.param.badValue");
    }
}
