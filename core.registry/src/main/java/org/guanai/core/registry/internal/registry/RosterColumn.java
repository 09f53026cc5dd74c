package org.guanai.core.registry.internal.registry;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The columns of a roster import (学籍 export, class teacher's sheet), recognised by their 中文 header, the 学籍 system's
 * name or a usual synonym. {@link #header()} is the name in the published template; {@link #field()} names the field
 * of the archive in errors ({@code child.idNumber}, {@code father.phone} …).
 */
public enum RosterColumn {
    NAME("姓名", "child.name", "学生姓名"),
    GENDER("性别", "child.gender"),
    BIRTH_DATE("出生日期", "child.birthDate", "出生年月日", "生日"),
    ETHNICITY("民族", "child.ethnicity"),
    ID_NUMBER("身份证件号", "child.idNumber", "身份证号", "公民身份号码", "身份证号码", "身份证件号码", "学生身份证号"),
    STUDENT_NUMBER("全国学籍号", "child.studentNumber", "学籍号", "学籍辅号"),
    GRADE("年级", "child.grade"),
    CLASS("班级", "child.class", "班级名称", "班号"),
    BOARDING("就读方式", "child.boarding"),
    HOME_ADDRESS("现住址", "child.homeAddress", "家庭住址", "家庭地址", "家庭详细地址"),
    VILLAGE("村（社区）", "child.village", "村(社区)", "村", "社区", "村/社区"),
    LEFT_BEHIND_TYPE("留守类型", "child.leftBehindType"),
    LEFT_BEHIND_XUEJI("是否留守儿童", "child.leftBehindType", false),
    FATHER_NAME("父亲姓名", "father.name"),
    FATHER_PHONE("父亲联系电话", "father.phone", "父亲电话", "父亲手机"),
    FATHER_WORKPLACE("父亲务工地点", "father.workCity", "父亲务工地", "父亲打工地点"),
    MOTHER_NAME("母亲姓名", "mother.name"),
    MOTHER_PHONE("母亲联系电话", "mother.phone", "母亲电话", "母亲手机"),
    MOTHER_WORKPLACE("母亲务工地点", "mother.workCity", "母亲务工地", "母亲打工地点"),
    GUARDIAN_NAME("监护人姓名", "guardian.name", "监护人"),
    GUARDIAN_RELATION("与学生关系", "guardian.relation", "监护人与学生关系", "与本人关系", "关系"),
    GUARDIAN_PHONE("监护人联系电话", "guardian.phone", "监护人电话", "监护人手机");

    private final String header;
    private final String field;
    private final boolean inTemplate;
    private final List<String> synonyms;

    RosterColumn(String header, String field, String... synonyms) {
        this(header, field, true, synonyms);
    }

    RosterColumn(String header, String field, boolean inTemplate, String... synonyms) {
        this.header = header;
        this.field = field;
        this.inTemplate = inTemplate;
        this.synonyms = List.of(synonyms);
    }

    /** @return the header of the published template */
    public String header() {
        return header;
    }

    /** @return the archive's field this column fills, as named in errors */
    public String field() {
        return field;
    }

    /** @return whether the template has this column (是否留守儿童 is the 学籍 system's alternative to 留守类型) */
    public boolean inTemplate() {
        return inTemplate;
    }

    /** @return the other headers that mean this column */
    public List<String> synonyms() {
        return synonyms;
    }

    /** A header as people write it: spaces, full-width brackets and the 学籍 form's required marks (★, *) removed. */
    static String normalise(String header) {
        if (header == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char ch = header.charAt(i);
            if (Character.isWhitespace(ch) || Character.isSpaceChar(ch) || ch == '★' || ch == '*' || ch == '＊' || ch == '☆') {
                continue;
            }
            b.append(switch (ch) {
                case '（' -> '(';
                case '）' -> ')';
                case '／' -> '/';
                default -> ch;
            });
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** @return the column a header names, if any */
    public static Optional<RosterColumn> of(String header) {
        String n = normalise(header);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        for (RosterColumn c : values()) {
            if (normalise(c.header).equals(n) || c.synonyms.stream().anyMatch(s -> normalise(s).equals(n))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
