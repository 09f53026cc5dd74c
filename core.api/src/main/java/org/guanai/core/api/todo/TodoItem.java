package org.guanai.core.api.todo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * 待办事项: one thing due for a child (or for the caller as a mentor, without a child). Titles are sentences a person
 * reads, 中文 and English, without codes or ids; the child's name is added by the core as far as the caller may see it.
 * Programmes create items with {@link #builder}, not the canonical constructor.
 *
 * @param programme the programme's id, e.g. {@code pairing}
 * @param kind      a stable code of what it is within the programme, e.g. {@code TALK}, {@code BIRTHDAY}; the console
 *                  groups by it
 * @param childId   the child it is for; {@code null} for a duty of the caller's own (e.g. two home visits a week)
 * @param due       the last day it is due on
 * @param overdue   not done and {@code due} is before today
 * @param titleZh   标题
 * @param titleEn   title
 * @param action    how it is recorded from the list; {@code null} when only {@code link} leads to it
 * @param link      the console page where it is done or seen in full, as its route, e.g. {@code p/pairing} or
 *                  {@code children/12} (the console opens {@code #/p/pairing}); {@code null} when
 *                  none
 */
public record TodoItem(String programme, String kind, Long childId, LocalDate due, boolean overdue, String titleZh,
        String titleEn, Action action, String link) {

    /** Checks that the programme, kind, due date and both titles are there. */
    public TodoItem {
        Objects.requireNonNull(programme, "programme");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(titleZh, "titleZh");
        Objects.requireNonNull(titleEn, "titleEn");
    }

    /**
     * @param programme the programme's id
     * @param kind      the stable code of what it is
     * @return a builder with the other components unset
     */
    public static Builder builder(String programme, String kind) {
        return new Builder(programme, kind);
    }

    /**
     * How an item is recorded from the list, in at most two clicks: the first opens a small form of {@code fields} (or,
     * without fields, asks to confirm), the second posts {@code values} and the fields' answers as a JSON object to the
     * programme's own route {@code POST /api/programmes/<programme>/<path>}, with the caller's rights. The route checks
     * and records as it does for its own page.
     *
     * @param labelZh the button, e.g. 登记谈心
     * @param labelEn the button, e.g. Record the talk
     * @param path    the route under the programme's API, e.g. {@code records}; a segment in braces names a member of
     *                the body, e.g. {@code children/{childId}/records}: its value goes into the path instead of the
     *                body (a child chosen in the form)
     * @param values  fixed members of the body, e.g. {@code childId}, {@code kind}
     * @param fields  what the user fills in, in this order; empty for a confirmation
     */
    public record Action(String labelZh, String labelEn, String path, Map<String, Object> values, List<Field> fields) {
        /** Copies the map and list. */
        public Action {
            Objects.requireNonNull(path, "path");
            values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            fields = fields == null ? List.of() : List.copyOf(fields);
        }

        /**
         * @param labelZh the button in 中文
         * @param labelEn the button in English
         * @param path    the route under the programme's API
         * @return a builder of an action posting to {@code path}
         */
        public static ActionBuilder builder(String labelZh, String labelEn, String path) {
            return new ActionBuilder(labelZh, labelEn, path);
        }
    }

    /** Builds an {@link Action}; a component added later gets a setter here. */
    public static final class ActionBuilder {
        private final String labelZh;
        private final String labelEn;
        private final String path;
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final List<Field> fields = new ArrayList<>();

        private ActionBuilder(String labelZh, String labelEn, String path) {
            this.labelZh = labelZh;
            this.labelEn = labelEn;
            this.path = path;
        }

        /** @return this builder with a fixed member of the body */
        public ActionBuilder value(String name, Object value) {
            values.put(name, value);
            return this;
        }

        /** @return this builder with one more field to fill in */
        public ActionBuilder field(Field field) {
            fields.add(field);
            return this;
        }

        /** @return the action */
        public Action build() {
            return new Action(labelZh, labelEn, path, values, fields);
        }
    }

    /** What kind of answer a {@link Field} takes. */
    public enum FieldType {
        /** a line of text */
        TEXT,
        /** an ISO date; the form offers today when {@code initial} is {@code null} */
        DATE,
        /** one of the options */
        CHOICE,
        /** any of the options, sent as a list */
        CHOICES
    }

    /**
     * One thing the user fills in.
     *
     * @param name     the body member it is sent as
     * @param type     what kind of answer
     * @param labelZh  标签
     * @param labelEn  label
     * @param required the form refuses to send without it (the route checks again)
     * @param options  the choices of {@code CHOICE} and {@code CHOICES}, in order
     * @param initial  the answer the form starts with, {@code null} for none
     */
    public record Field(String name, FieldType type, String labelZh, String labelEn, boolean required, List<Option> options,
            Object initial) {
        /** Copies the options. */
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            options = options == null ? List.of() : List.copyOf(options);
        }

        /** @return a field without options or initial answer */
        public static Field of(String name, FieldType type, String labelZh, String labelEn, boolean required) {
            return new Field(name, type, labelZh, labelEn, required, List.of(), null);
        }

        /** @return this field with the options */
        public Field withOptions(List<Option> value) {
            return new Field(name, type, labelZh, labelEn, required, value, initial);
        }

        /** @return this field with an initial answer */
        public Field withInitial(Object value) {
            return new Field(name, type, labelZh, labelEn, required, options, value);
        }
    }

    /**
     * A choice of a {@link Field}.
     *
     * @param value   what is sent, e.g. {@code STUDY} or a child's id
     * @param labelZh what the user reads, 中文
     * @param labelEn what the user reads, English
     */
    public record Option(Object value, String labelZh, String labelEn) {
    }

    /** Builds a {@link TodoItem}; a component added later gets a setter here. */
    public static final class Builder {
        private final String programme;
        private final String kind;
        private Long childId;
        private LocalDate due;
        private boolean overdue;
        private String titleZh;
        private String titleEn;
        private Action action;
        private String link;

        private Builder(String programme, String kind) {
            this.programme = programme;
            this.kind = kind;
        }

        /** @return this builder for the child ({@code null}: the caller's own duty) */
        public Builder childId(Long value) {
            childId = value;
            return this;
        }

        /** @return this builder due on the day */
        public Builder due(LocalDate value) {
            due = value;
            return this;
        }

        /** @return this builder, overdue or not */
        public Builder overdue(boolean value) {
            overdue = value;
            return this;
        }

        /** @return this builder with the title in 中文 and English */
        public Builder title(String zh, String en) {
            titleZh = zh;
            titleEn = en;
            return this;
        }

        /** @return this builder with how it is recorded */
        public Builder action(Action value) {
            action = value;
            return this;
        }

        /** @return this builder with the console path */
        public Builder link(String value) {
            link = value;
            return this;
        }

        /** @return the item */
        public TodoItem build() {
            return new TodoItem(programme, kind, childId, due, overdue, titleZh, titleEn, action, link);
        }
    }
}
