package org.guanai.core.registry.internal.registry;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.registry.RosterReader.Cell;

/**
 * The table of a roster sheet as people make it: title rows above the header row (found by its names), blank rows,
 * footer lines (制表人, 审核人 …), columns in any order, extra columns ignored and listed. Turns each data row into a
 * {@link RosterRow} checked with the registry's own {@link Validator}, or into {@link Problem}s naming the row as Excel
 * shows it, the column as written in the file, the value and what is wrong.
 */
final class RosterSheet {
    /** Rows searched for the header row. */
    static final int HEADER_SEARCH_ROWS = 50;
    /** A first cell starting with one of these ends the table (signatures and notes under it). */
    private static final List<String> FOOTER = List.of("制表人", "制表", "填表人", "审核人", "审核", "负责人", "校长", "制表日期",
            "填表日期", "日期", "合计", "总计", "备注", "注：", "注:", "说明");

    /** One error: row (as Excel numbers it), column header as written, field, value, and the message. */
    record Problem(int row, String column, String field, String value, String messageZh, String messageEn) {
    }

    /** One warning (an ignored column, a column given twice). */
    record Warning(String column, String messageZh, String messageEn) {
    }

    /** A data row, read and checked: the child (no id, no class), its class, parents and guardian as far as given. */
    record RosterRow(int row, Child child, Integer grade, Integer classNumber, Parent father, Parent mother,
            Guardian guardian) {
    }

    private final Messages messages;
    private final Validator validator;
    private final RosterValues values;
    private final long schoolId;
    private final LocalDate today;

    private Map<RosterColumn, Integer> columns;
    private final Map<RosterColumn, String> written = new EnumMap<>(RosterColumn.class);
    private int headerRow;
    private final List<Warning> warnings = new ArrayList<>();

    RosterSheet(Messages messages, RosterValues values, long schoolId, LocalDate today) {
        this.messages = messages;
        this.validator = new Validator(messages);
        this.values = values;
        this.schoolId = schoolId;
        this.today = today;
    }

    boolean hasHeader() {
        return columns != null;
    }

    int headerRow() {
        return headerRow;
    }

    List<Warning> warnings() {
        return warnings;
    }

    /** @return whether {@code cells} is the header row (then the columns are known and their problems listed) */
    boolean header(int row, List<Cell> cells, List<Problem> problems) {
        Map<RosterColumn, Integer> found = new EnumMap<>(RosterColumn.class);
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            if (c != null) {
                RosterColumn.of(c.text()).ifPresent(col -> found.putIfAbsent(col, 0));
            }
        }
        if (!found.containsKey(RosterColumn.NAME) || found.size() < 3) {
            return false;
        }
        columns = new EnumMap<>(RosterColumn.class);
        headerRow = row;
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            String text = c == null ? null : RosterValues.text(c.text());
            if (text == null) {
                continue;
            }
            var col = RosterColumn.of(text);
            if (col.isEmpty()) {
                warnings.add(new Warning(text, messages.zh("import.column.ignored"), messages.en("import.column.ignored")));
            } else if (columns.containsKey(col.get())) {
                warnings.add(new Warning(text, messages.zh("import.column.twice", written.get(col.get())),
                        messages.en("import.column.twice", written.get(col.get()))));
            } else {
                columns.put(col.get(), i);
                written.put(col.get(), text);
            }
        }
        for (RosterColumn required : List.of(RosterColumn.GENDER, RosterColumn.BIRTH_DATE)) {
            if (!columns.containsKey(required)) {
                problems.add(problem(row, required.header(), required.field(), null, "import.column.missing"));
            }
        }
        if (!columns.containsKey(RosterColumn.LEFT_BEHIND_TYPE) && !columns.containsKey(RosterColumn.LEFT_BEHIND_XUEJI)) {
            problems.add(problem(row, RosterColumn.LEFT_BEHIND_TYPE.header(), RosterColumn.LEFT_BEHIND_TYPE.field(), null,
                    "import.column.leftBehindMissing"));
        }
        return true;
    }

    /** @return whether a row after the header holds no data: blank, or a footer line */
    static boolean skipped(List<Cell> cells) {
        for (Cell c : cells) {
            String t = c == null ? null : RosterValues.text(c.text());
            if (t != null) {
                String compact = t.replace(" ", "");
                return FOOTER.stream().anyMatch(compact::startsWith);
            }
        }
        return true;
    }

    private Cell cell(List<Cell> cells, RosterColumn col) {
        Integer i = columns.get(col);
        return i == null || i >= cells.size() ? null : cells.get(i);
    }

    /** @return the recognised columns in the order of the file, each with its header as written */
    Map<RosterColumn, String> recognised() {
        Map<RosterColumn, String> inOrder = new java.util.LinkedHashMap<>();
        columns.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> inOrder.put(e.getKey(), written.get(e.getKey())));
        return inOrder;
    }

    /**
     * @return the cells of a data row in the recognised columns as the file shows them (a date cell as its date), by the
     *         header as written; empty cells left out
     */
    Map<String, String> shown(List<Cell> cells) {
        Map<String, String> shown = new java.util.LinkedHashMap<>();
        recognised().forEach((col, header) -> {
            Cell c = cell(cells, col);
            String text = c == null ? null : c.date() != null ? c.date().toString() : c.text().strip();
            if (text != null && !text.isEmpty()) {
                shown.put(header, text);
            }
        });
        return shown;
    }

    /** @return the header of a column as written in the file (the template's when the file has none) */
    String column(RosterColumn col) {
        String w = written.get(col);
        return w != null ? w : col.header();
    }

    private Problem problem(int row, String column, String field, String value, String key, Object... args) {
        return new Problem(row, column, field, value, messages.zh(key, args), messages.en(key, args));
    }

    /** Parser of one value, which may refuse it. */
    private interface Parse<T> {
        T parse(Cell c) throws RosterValues.Invalid;
    }

    private <T> T value(int row, List<Cell> cells, RosterColumn col, Parse<T> parse, List<Problem> problems) {
        Cell c = cell(cells, col);
        if (c == null || RosterValues.text(c.text()) == null) {
            return null;
        }
        try {
            return parse.parse(c);
        } catch (RosterValues.Invalid e) {
            problems.add(problem(row, column(col), col.field(), c.text(), e.key, e.args));
            return null;
        }
    }

    /** @return the row read and checked, or {@code null} with its problems added to {@code problems} */
    RosterRow row(int row, List<Cell> cells, List<Problem> problems) {
        int before = problems.size();
        String name = value(row, cells, RosterColumn.NAME, RosterValues::text, problems);
        var gender = value(row, cells, RosterColumn.GENDER, RosterValues::gender, problems);
        LocalDate birth = value(row, cells, RosterColumn.BIRTH_DATE, RosterValues::date, problems);
        String ethnicity = value(row, cells, RosterColumn.ETHNICITY, values::ethnicity, problems);
        String idNumber = value(row, cells, RosterColumn.ID_NUMBER, RosterValues::idNumber, problems);
        String studentNumber = value(row, cells, RosterColumn.STUDENT_NUMBER, RosterValues::studentNumber, problems);
        Integer grade = value(row, cells, RosterColumn.GRADE, RosterValues::grade, problems);
        RosterValues.ClassRef klass = value(row, cells, RosterColumn.CLASS, RosterValues::klass, problems);
        var boarding = value(row, cells, RosterColumn.BOARDING, RosterValues::boarding, problems);
        String address = value(row, cells, RosterColumn.HOME_ADDRESS, RosterValues::text, problems);
        String village = value(row, cells, RosterColumn.VILLAGE, RosterValues::text, problems);
        String fatherName = value(row, cells, RosterColumn.FATHER_NAME, RosterValues::text, problems);
        String fatherPhone = value(row, cells, RosterColumn.FATHER_PHONE, RosterValues::phone, problems);
        String fatherWork = value(row, cells, RosterColumn.FATHER_WORKPLACE, RosterValues::text, problems);
        String motherName = value(row, cells, RosterColumn.MOTHER_NAME, RosterValues::text, problems);
        String motherPhone = value(row, cells, RosterColumn.MOTHER_PHONE, RosterValues::phone, problems);
        String motherWork = value(row, cells, RosterColumn.MOTHER_WORKPLACE, RosterValues::text, problems);
        String guardianName = value(row, cells, RosterColumn.GUARDIAN_NAME, RosterValues::text, problems);
        String relation = value(row, cells, RosterColumn.GUARDIAN_RELATION, RosterValues::text, problems);
        String guardianPhone = value(row, cells, RosterColumn.GUARDIAN_PHONE, RosterValues::phone, problems);
        LeftBehindType type = leftBehind(row, cells, fatherWork, motherWork, problems);

        Integer classGrade = grade;
        if (klass != null && klass.grade() != null) {
            if (grade != null && !grade.equals(klass.grade())) {
                problems.add(problem(row, column(RosterColumn.CLASS), RosterColumn.CLASS.field(), cell(cells, RosterColumn.CLASS).text(),
                        "import.value.classGradeMismatch", column(RosterColumn.GRADE)));
            }
            classGrade = klass.grade();
        } else if (klass != null && grade == null && problems.size() == before) {
            problems.add(problem(row, column(RosterColumn.GRADE), RosterColumn.GRADE.field(), null, "import.value.classWithoutGrade",
                    column(RosterColumn.CLASS)));
        }

        Child child = Child.builder().name(name).gender(gender).birthDate(birth).ethnicity(ethnicity).idNumber(idNumber)
                .studentNumber(studentNumber).schoolId(schoolId).boarding(boarding).homeAddress(address).village(village)
                .leftBehindType(type).build();
        Map<String, RosterColumn> childFields = Map.of("name", RosterColumn.NAME, "gender", RosterColumn.GENDER, "birthDate",
                RosterColumn.BIRTH_DATE, "idNumber", RosterColumn.ID_NUMBER, "studentNumber", RosterColumn.STUDENT_NUMBER,
                "ethnicity", RosterColumn.ETHNICITY, "homeAddress", RosterColumn.HOME_ADDRESS, "village", RosterColumn.VILLAGE,
                "leftBehindType", leftBehindColumn());
        Set<String> alreadyReported = reported(problems, before);
        fieldErrors(row, cells, validator.child(child, today), childFields, alreadyReported, problems);

        Parent father = null;
        if (fatherName != null || fatherPhone != null || fatherWork != null) {
            father = Parent.builder().role(ParentRole.FATHER).name(fatherName).phone(fatherPhone).workCity(fatherWork)
                    .away(type == LeftBehindType.FATHER_AWAY || type == LeftBehindType.BOTH_AWAY).build();
            fieldErrors(row, cells, validator.parent(father, today), Map.of("name", RosterColumn.FATHER_NAME, "phone",
                    RosterColumn.FATHER_PHONE, "workCity", RosterColumn.FATHER_WORKPLACE), alreadyReported, problems);
        }
        Parent mother = null;
        if (motherName != null || motherPhone != null || motherWork != null) {
            mother = Parent.builder().role(ParentRole.MOTHER).name(motherName).phone(motherPhone).workCity(motherWork)
                    .away(type == LeftBehindType.MOTHER_AWAY || type == LeftBehindType.BOTH_AWAY).build();
            fieldErrors(row, cells, validator.parent(mother, today), Map.of("name", RosterColumn.MOTHER_NAME, "phone",
                    RosterColumn.MOTHER_PHONE, "workCity", RosterColumn.MOTHER_WORKPLACE), alreadyReported, problems);
        }
        Guardian guardian = null;
        if (guardianName != null || relation != null || guardianPhone != null) {
            guardian = Guardian.builder().kind(RosterValues.guardianKind(relation)).name(guardianName).relation(relation)
                    .phone(guardianPhone).primary(true).build();
            fieldErrors(row, cells, validator.guardian(guardian, today), Map.of("name", RosterColumn.GUARDIAN_NAME, "phone",
                    RosterColumn.GUARDIAN_PHONE, "relation", RosterColumn.GUARDIAN_RELATION), alreadyReported, problems);
        }
        if (problems.size() > before) {
            return null;
        }
        return new RosterRow(row, child, klass == null ? null : classGrade, klass == null ? null : klass.number(), father, mother,
                guardian);
    }

    private RosterColumn leftBehindColumn() {
        return columns.containsKey(RosterColumn.LEFT_BEHIND_TYPE) ? RosterColumn.LEFT_BEHIND_TYPE : RosterColumn.LEFT_BEHIND_XUEJI;
    }

    /** 留守类型 by name; else 是否留守儿童, where for 单亲 the parent with a 务工地点 is the one away. */
    private LeftBehindType leftBehind(int row, List<Cell> cells, String fatherWork, String motherWork, List<Problem> problems) {
        if (columns.containsKey(RosterColumn.LEFT_BEHIND_TYPE) && cell(cells, RosterColumn.LEFT_BEHIND_TYPE) != null) {
            return value(row, cells, RosterColumn.LEFT_BEHIND_TYPE, RosterValues::leftBehindType, problems);
        }
        RosterValues.XuejiLeftBehind x = value(row, cells, RosterColumn.LEFT_BEHIND_XUEJI, RosterValues::xuejiLeftBehind, problems);
        if (x == null) {
            return null;
        }
        return switch (x) {
            case NONE -> LeftBehindType.NONE;
            case BOTH -> LeftBehindType.BOTH_AWAY;
            case ONE_PARENT -> {
                if ((fatherWork == null) == (motherWork == null)) {
                    problems.add(problem(row, column(RosterColumn.LEFT_BEHIND_XUEJI), RosterColumn.LEFT_BEHIND_XUEJI.field(),
                            cell(cells, RosterColumn.LEFT_BEHIND_XUEJI).text(), "import.value.singleParentWhich",
                            column(RosterColumn.FATHER_WORKPLACE), column(RosterColumn.MOTHER_WORKPLACE)));
                    yield null;
                }
                yield fatherWork != null ? LeftBehindType.FATHER_AWAY : LeftBehindType.MOTHER_AWAY;
            }
        };
    }

    private static Set<String> reported(List<Problem> problems, int from) {
        Set<String> fields = new java.util.HashSet<>();
        for (int i = from; i < problems.size(); i++) {
            fields.add(problems.get(i).field());
        }
        return fields;
    }

    /** Adds the validator's errors at the column of their field, except for fields whose value was already refused. */
    private void fieldErrors(int row, List<Cell> cells, List<FieldError> errors, Map<String, RosterColumn> fields,
            Set<String> alreadyReported, List<Problem> problems) {
        for (FieldError e : errors) {
            RosterColumn col = fields.get(e.field());
            if (col == null) {
                col = RosterColumn.NAME;
            }
            if (alreadyReported.contains(col.field())) {
                continue;
            }
            Cell c = cell(cells, col);
            problems.add(new Problem(row, column(col), col.field(), c == null ? null : c.text(), e.messageZh(), e.messageEn()));
        }
    }
}
