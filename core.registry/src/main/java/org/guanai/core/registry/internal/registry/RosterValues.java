package org.guanai.core.registry.internal.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.registry.internal.registry.RosterReader.Cell;

/**
 * Values of a roster as people write them, turned into the archive's values. Each parser returns the value or throws
 * {@link Invalid} with the message key (in the core's messages, {@code import.value.*}) that says what is wrong.
 */
public final class RosterValues {
    /** A value that cannot be read: the message key and its arguments. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final String key;
        final transient Object[] args;

        Invalid(String key, Object... args) {
            super(key, null, false, false);
            this.key = key;
            this.args = args;
        }
    }

    private static final Pattern DATE = Pattern.compile(
            "(\\d{4})\\s*(?:[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?|(\\d{2})(\\d{2}))");
    private static final Pattern EXPONENT = Pattern.compile("\\d(\\.\\d+)?[eE][+]?\\d+");
    private static final String NUM = "(?:\\d{1,2}|[一二三四五六七八九十]{1,3})";
    /** A class: an optional grade (三年级, 3年级, 初一, or a number right before the bracket: 三(2)班), then its number. */
    private static final Pattern CLASS = Pattern.compile("(?:(" + NUM + ")(?:年级|年)|(初[一二三]|高[一二三])(?:年级)?|(" + NUM
            + ")(?=\\())?\\(?(" + NUM + ")\\)?班?");
    private static final String DIGITS_ZH = "零一二三四五六七八九";
    /** Compiled once: these run on every row of a file (String.replaceAll and matches compile their pattern each call). */
    private static final Pattern ID_SEPARATORS = Pattern.compile("[\\s-]");
    private static final Pattern SPACES = Pattern.compile("\\s");
    private static final Pattern RELATIVES = Pattern.compile("哥哥|姐姐|兄|姐|叔叔|伯伯|伯父|叔父|姑姑|姑妈|舅舅|舅妈|姨妈|阿姨|婶婶|伯母");

    /** GB 3304-91 code → name, and every name and its short form → name. */
    private final Map<String, String> ethnicities = new HashMap<>();

    /** Reads the GB 3304-91 list this class ships ({@code ethnicity-gb3304.csv}). */
    public RosterValues() {
        try (InputStream in = RosterValues.class.getResourceAsStream("ethnicity-gb3304.csv");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",");
                if (f.length < 2) {
                    continue;
                }
                String name = f[1].trim();
                ethnicities.put(f[0].trim(), name);
                ethnicities.put(String.valueOf(Integer.parseInt(f[0].trim())), name);
                ethnicities.put(name, name);
                if (name.endsWith("族") && name.length() >= 2) {
                    ethnicities.put(name.substring(0, name.length() - 1), name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the text with full-width letters, digits and punctuation (全角) turned into ASCII, the ideographic space
     *         into a space, trimmed; {@code null} when nothing is left
     */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            char to = ch >= '\uFF01' && ch <= '\uFF5E' ? (char) (ch - 0xFEE0) : ch == '\u3000' || ch == '\u00A0' ? ' ' : ch;
            if (to != ch && b == null) {
                b = new StringBuilder(s.substring(0, i));
            }
            if (b != null) {
                b.append(to);
            }
        }
        String t = (b == null ? s : b.toString()).strip();
        return t.isEmpty() ? null : t;
    }

    static String text(Cell c) {
        return c == null ? null : text(c.text());
    }

    /** @return 男/女, M/F or the 学籍 codes 1 (男) and 2 (女) */
    static Gender gender(Cell c) throws Invalid {
        String t = text(c);
        return switch (t == null ? "" : t.toUpperCase(java.util.Locale.ROOT)) {
            case "男", "1", "M", "MALE", "男性" -> Gender.MALE;
            case "女", "2", "F", "FEMALE", "女性" -> Gender.FEMALE;
            default -> throw new Invalid("import.value.gender");
        };
    }

    /** @return an Excel date cell, or 20150305, 2015-03-05, 2015/3/5, 2015年3月5日, 2015.03.05 */
    static LocalDate date(Cell c) throws Invalid {
        if (c.date() != null) {
            return c.date();
        }
        String t = text(c);
        Matcher m = t == null ? null : DATE.matcher(t);
        if (m == null || !m.matches()) {
            throw new Invalid("import.value.date");
        }
        try {
            int y = Integer.parseInt(m.group(1));
            int mo = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(4));
            int d = Integer.parseInt(m.group(3) != null ? m.group(3) : m.group(5));
            return LocalDate.of(y, mo, d);
        } catch (DateTimeException e) {
            throw new Invalid("import.value.dateNotReal");
        }
    }

    /** @return the 民族's name as GB 3304-91 writes it (汉族), from the name, its short form (汉) or the code (01) */
    String ethnicity(Cell c) throws Invalid {
        String t = text(c);
        String name = t == null ? null : ethnicities.get(t.replace(" ", ""));
        if (name == null) {
            throw new Invalid("import.value.ethnicity");
        }
        return name;
    }

    /** @return 走读 (1) or 住校 (2) */
    static BoardingType boarding(Cell c) throws Invalid {
        String t = text(c);
        return switch (t == null ? "" : t) {
            case "走读", "1", "走读生", "非寄宿" -> BoardingType.DAY;
            case "住校", "2", "寄宿", "住宿", "住校生", "寄宿生" -> BoardingType.BOARDING;
            default -> throw new Invalid("import.value.boarding");
        };
    }

    /** @return the grade level of 3, 三年级, 初一 (7), 高一 (10) */
    static int grade(Cell c) throws Invalid {
        String t = text(c);
        Integer level = t == null ? null : gradeLevel(t.replace("年级", "").replace("年", ""));
        if (level == null || level < 1 || level > 12) {
            throw new Invalid("import.value.grade");
        }
        return level;
    }

    private static Integer gradeLevel(String t) {
        if (t.startsWith("初") && t.length() == 2) {
            Integer n = number(t.substring(1));
            return n == null ? null : 6 + n;
        }
        if (t.startsWith("高") && t.length() == 2) {
            Integer n = number(t.substring(1));
            return n == null ? null : 9 + n;
        }
        return number(t);
    }

    /** @return 1–99 written in digits or 中文 numerals (二, 十二, 二十一) */
    static Integer number(String t) {
        if (t.isEmpty()) {
            return null;
        }
        if (t.chars().allMatch(Character::isDigit)) {
            return t.length() > 2 ? null : Integer.parseInt(t);
        }
        int ten = t.indexOf('十');
        if (ten < 0) {
            int d = DIGITS_ZH.indexOf(t.charAt(0));
            return t.length() == 1 && d > 0 ? d : null;
        }
        int tens = ten == 0 ? 1 : t.length() > 0 && ten == 1 ? DIGITS_ZH.indexOf(t.charAt(0)) : -1;
        int ones = ten == t.length() - 1 ? 0 : ten == t.length() - 2 ? DIGITS_ZH.indexOf(t.charAt(ten + 1)) : -1;
        return tens <= 0 || ones < 0 ? null : tens * 10 + ones;
    }

    /** A class as written: its grade when the text names one (三年级（2）班), and its number. */
    record ClassRef(Integer grade, int number) {
    }

    /** @return 2, 2班, (2)班, （2）班, 二班 or the combined 三年级（2）班, 3年级2班, 初一(3)班 */
    static ClassRef klass(Cell c) throws Invalid {
        String t = text(c);
        Matcher m = t == null ? null : CLASS.matcher(t.replace(" ", ""));
        if (m == null || !m.matches()) {
            throw new Invalid("import.value.class");
        }
        String g = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        Integer grade = g == null ? null : gradeLevel(g);
        Integer number = number(m.group(4));
        if (number == null || number < 1 || g != null && (grade == null || grade < 1 || grade > 12)) {
            throw new Invalid("import.value.class");
        }
        return new ClassRef(grade, number);
    }

    /** @return the canonical name of a class, as the registry names them: 三年级(2)班 */
    static String className(int grade, int number) {
        return SchoolServiceImpl.grade(grade).nameZh() + "(" + number + ")班";
    }

    /**
     * @return the ID number without spaces, with an upper-case X; a number Excel stored as a number (a numeric cell,
     *         or its text in exponent form 4.30102E+17) has lost its last digits: {@link Invalid} saying so
     */
    static String idNumber(Cell c) throws Invalid {
        String t = text(c);
        if (t == null) {
            return null;
        }
        String compact = ID_SEPARATORS.matcher(t).replaceAll("").toUpperCase(java.util.Locale.ROOT);
        if (c.numeric() && compact.length() >= 15 || EXPONENT.matcher(compact).matches()) {
            throw new Invalid("import.value.idNumberAsNumber");
        }
        return compact;
    }

    /** @return a 学籍号 without spaces, letters upper-case */
    static String studentNumber(Cell c) {
        String t = text(c);
        return t == null ? null : t.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    }

    /** @return a phone number without spaces, without a leading +86; its form is checked by the registry's rules */
    static String phone(Cell c) {
        String t = text(c);
        if (t == null) {
            return null;
        }
        String p = SPACES.matcher(t).replaceAll("");
        if (p.startsWith("+86")) {
            p = p.substring(3);
        } else if (p.startsWith("86") && p.length() == 13) {
            p = p.substring(2);
        }
        return p;
    }

    /** 留守类型 by name: 父亲外出, 母亲外出, 父母均外出 (双亲外出), 非留守. */
    static LeftBehindType leftBehindType(Cell c) throws Invalid {
        String t = text(c);
        return switch (t == null ? "" : t.replace(" ", "")) {
            case "父亲外出", "父亲外出务工", "父外出" -> LeftBehindType.FATHER_AWAY;
            case "母亲外出", "母亲外出务工", "母外出" -> LeftBehindType.MOTHER_AWAY;
            case "父母均外出", "父母外出", "双亲外出", "父母均外出务工", "父母双方外出" -> LeftBehindType.BOTH_AWAY;
            case "非留守", "非留守儿童", "否", "无" -> LeftBehindType.NONE;
            default -> throw new Invalid("import.value.leftBehindType");
        };
    }

    /** The 学籍 system's 是否留守儿童, by code or name: none (0), one parent away (1: 单亲), both (2). */
    enum XuejiLeftBehind {
        NONE, ONE_PARENT, BOTH
    }

    static XuejiLeftBehind xuejiLeftBehind(Cell c) throws Invalid {
        String t = text(c);
        return switch (t == null ? "" : t.replace(" ", "")) {
            case "0", "非留守儿童", "非留守", "否" -> XuejiLeftBehind.NONE;
            case "1", "单亲留守儿童", "单亲留守" -> XuejiLeftBehind.ONE_PARENT;
            case "2", "双亲留守儿童", "双亲留守" -> XuejiLeftBehind.BOTH;
            default -> throw new Invalid("import.value.xuejiLeftBehind");
        };
    }

    /** @return the kind of guardian a relation (与学生关系) names: 祖父/奶奶 → 祖父母, 外公 → 外祖父母, 父亲 → 父亲或母亲 … */
    static GuardianKind guardianKind(String relation) {
        if (relation == null) {
            return GuardianKind.OTHER;
        }
        String r = relation.replace(" ", "");
        if (r.startsWith("外祖") || r.startsWith("外公") || r.startsWith("外婆") || r.equals("姥姥") || r.equals("姥爷")) {
            return GuardianKind.MATERNAL_GRANDPARENTS;
        }
        if (r.startsWith("祖") || r.startsWith("爷爷") || r.startsWith("奶奶")) {
            return GuardianKind.GRANDPARENTS;
        }
        if (r.equals("父亲") || r.equals("母亲") || r.equals("父") || r.equals("母") || r.equals("爸爸") || r.equals("妈妈")) {
            return GuardianKind.PARENT;
        }
        if (r.contains("委托")) {
            return GuardianKind.DELEGATED;
        }
        if (r.contains("亲属") || RELATIVES.matcher(r).matches()) {
            return GuardianKind.RELATIVE;
        }
        return GuardianKind.OTHER;
    }
}
