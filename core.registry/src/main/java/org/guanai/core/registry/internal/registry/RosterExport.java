package org.guanai.core.registry.internal.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.guanai.core.api.CallerContext;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.registry.internal.audit.AuditActions;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.security.Masker;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * 花名册: the roster of a class, a school or the county as an xlsx workbook, in the columns and words of the import
 * template, so that an exported file re-imports unchanged: one row per child (not archived) with the father, the mother
 * and the primary guardian; values as a reader writes them (男/女, 走读/住校, 三年级, 父母均外出), never a code. Personal
 * fields are masked as the caller's role masks them in the API's archive (ID number, 学籍号 and address without
 * {@code registry.personal}, phones without {@code registry.contact}); a teacher gets her classes only. Each export is
 * one audited full read ({@code READ} of a {@code roster}: the school or the county, the class, the number of rows).
 */
@Component(service = RosterExport.class)
public final class RosterExport {
    /** The columns, in the order and with the names of the import template (issue 16). */
    public static final List<Column> COLUMNS = List.of(new Column("姓名", "Name"), new Column("性别", "Gender"),
            new Column("出生日期", "Date of birth"), new Column("民族", "Ethnicity"), new Column("身份证件号", "ID number"),
            new Column("全国学籍号", "National student number"), new Column("年级", "Grade"), new Column("班级", "Class"),
            new Column("就读方式", "Day or boarding"), new Column("现住址", "Home address"), new Column("村（社区）", "Village"),
            new Column("留守类型", "Left-behind type"), new Column("父亲姓名", "Father's name"),
            new Column("父亲联系电话", "Father's phone"), new Column("父亲务工地点", "Father's place of work"),
            new Column("母亲姓名", "Mother's name"), new Column("母亲联系电话", "Mother's phone"),
            new Column("母亲务工地点", "Mother's place of work"), new Column("监护人姓名", "Guardian's name"),
            new Column("与学生关系", "Relation to the pupil"), new Column("监护人联系电话", "Guardian's phone"));
    /** The audit log's kind of record for an export of the roster. */
    static final String ENTITY = "roster";

    private static final String SELECT = "SELECT c.name, c.gender, c.birth_date, c.ethnicity, c.id_number, c.student_number,"
            + " k.grade_level, k.name AS class_name, c.boarding, c.home_address, c.village, c.left_behind_type,"
            + " f.name AS f_name, f.phone AS f_phone, f.work_city AS f_city,"
            + " m.name AS m_name, m.phone AS m_phone, m.work_city AS m_city,"
            + " g.name AS g_name, g.relation AS g_relation, g.phone AS g_phone"
            + " FROM core_child c JOIN core_school s ON s.id = c.school_id LEFT JOIN core_class k ON k.id = c.class_id"
            + " LEFT JOIN core_parent f ON f.child_id = c.id AND f.role = 'FATHER'"
            + " LEFT JOIN core_parent m ON m.child_id = c.id AND m.role = 'MOTHER'"
            + " LEFT JOIN core_guardian g ON g.child_id = c.id AND g.is_primary = TRUE";

    private final Jdbc jdbc;
    private final Guard guard;
    private final AuditLog audit;
    private final Exports exports;
    private final Clock clock;

    @Activate
    public RosterExport(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CallerContext callers, @Reference AuditLog audit,
            @Reference Exports exports) {
        this(dataSource, callers, audit, exports, Clock.system(CareCalendar.ZONE));
    }

    RosterExport(DataSource dataSource, CallerContext callers, AuditLog audit, Exports exports, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.guard = new Guard(callers, audit);
        this.audit = audit;
        this.exports = exports;
        this.clock = clock;
    }

    /**
     * @param schoolId the school (the caller reaches it: the route policy checked the path)
     * @param classId  only this class of the school, or {@code null} for the whole school (a teacher: her classes)
     * @return the workbook, named 花名册-学校[-班级]-date
     * @throws NotFoundException when the school or the class (of that school, in the caller's reach) does not exist
     */
    public Download school(long schoolId, Long classId) {
        guard.scope.require(Permissions.REGISTRY_READ);
        if (!guard.scope.reaches(schoolId)) {
            throw new NotFoundException("school", schoolId);
        }
        String school = jdbc.read(c -> Jdbc.one(c, "SELECT name FROM core_school WHERE id = ?", rs -> rs.getString(1), schoolId))
                .orElseThrow(() -> new NotFoundException("school", schoolId));
        String className = null;
        if (classId != null) {
            className = jdbc.read(c -> Jdbc.one(c, "SELECT name FROM core_class WHERE id = ? AND school_id = ?", rs -> rs.getString(1),
                    classId, schoolId)).filter(n -> guard.scope.sees(schoolId, classId))
                    .orElseThrow(() -> new NotFoundException("class", classId));
        }
        StringBuilder where = new StringBuilder(" WHERE c.archived = FALSE AND c.school_id = ?");
        List<Object> args = new ArrayList<>(List.of(schoolId));
        if (classId != null) {
            where.append(" AND c.class_id = ?");
            args.add(classId);
        }
        guard.scope.restrict(where, args, "c.school_id", "c.class_id");
        Table table = table(where.toString(), args);
        audit(schoolId, String.valueOf(schoolId), (classId == null ? "" : "class=" + classId + " ") + "rows=" + table.rows().size());
        return exports.xlsx(fileName(school, className), List.of(table));
    }

    /**
     * The county's roster: every school's children, for county roles (a caller who reaches every school). A caller
     * limited to some schools gets the schools she reaches (a teacher: her classes), never the county's.
     */
    public Download county() {
        guard.scope.require(Permissions.REGISTRY_READ);
        boolean county = guard.scope.caller().map(c -> c.allSchools()).orElse(true);
        StringBuilder where = new StringBuilder(" WHERE c.archived = FALSE AND s.archived = FALSE");
        List<Object> args = new ArrayList<>();
        guard.scope.restrict(where, args, "c.school_id", "c.class_id");
        Table table = table(where.toString(), args);
        audit(null, county ? "county" : "schools", "rows=" + table.rows().size());
        return exports.xlsx(fileName(county ? "全县" : "本人所在学校", null), List.of(table));
    }

    private String fileName(String scope, String className) {
        return "花名册-" + scope + (className == null ? "" : "-" + className) + "-" + LocalDate.now(clock.withZone(CareCalendar.ZONE));
    }

    /** An export of personal data is a full read: audited, with what it covered (no values). */
    private void audit(Long schoolId, String entityId, String detail) {
        if (guard.scope.caller().isPresent()) {
            audit.record(AuditLog.Event.of(AuditActions.READ, ENTITY, entityId).school(schoolId).outcome(AuditLog.OK)
                    .detail(detail));
        }
    }

    /** The rows, in the order of the roster: school, grade, class, name. */
    Table table(String where, List<Object> args) {
        Masker masker = guard.masker();
        List<List<Object>> rows = jdbc.read(c -> Jdbc.list(c, SELECT + where
                + " ORDER BY s.name, k.grade_level, k.name, c.name, c.id", rs -> row(rs, masker), args.toArray()));
        return new Table("花名册", COLUMNS, rows);
    }

    private static List<Object> row(ResultSet rs, Masker masker) throws SQLException {
        Integer grade = Jdbc.intOrNull(rs, "grade_level");
        return Arrays.asList(rs.getString("name"), RosterWords.gender(rs.getString("gender")), Jdbc.date(rs, "birth_date"),
                rs.getString("ethnicity"), masker.show("idNumber", rs.getString("id_number")),
                masker.show("studentNumber", rs.getString("student_number")),
                grade == null ? null : SchoolServiceImpl.grade(grade).nameZh(), rs.getString("class_name"),
                RosterWords.boarding(rs.getString("boarding")), masker.show("homeAddress", rs.getString("home_address")),
                rs.getString("village"), RosterWords.leftBehind(rs.getString("left_behind_type")),
                rs.getString("f_name"), masker.show("phone", rs.getString("f_phone")),
                RosterWords.workPlace(rs.getString("f_city")),
                rs.getString("m_name"), masker.show("phone", rs.getString("m_phone")),
                RosterWords.workPlace(rs.getString("m_city")),
                rs.getString("g_name"), rs.getString("g_relation"), masker.show("phone", rs.getString("g_phone")));
    }
}
