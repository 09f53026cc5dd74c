package org.guanai.core.registry.internal.registry;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.guanai.core.api.CallerContext;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianCapacity;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.GuardianshipType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
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
 * The 民政 layout: the county's 农村留守儿童基本情况登记表 as one xlsx row per child, in the blocks, order and 中文 headers of
 * the national survey's form (民政部、教育部、公安部 2016 摸底排查; the 全国农村留守儿童信息管理系统 takes it), for the county
 * to send upward. Only the children the configured eligibility rule counts as 留守儿童 (not archived), of every school or
 * one; values in words (男, 是, 小学, 打工收入、种养殖业), never a code. The county's for a county role (a caller who
 * reaches every school); a role limited to schools gets those it reaches (a teacher: her classes), as the 花名册. Personal
 * fields masked as the caller's role masks them in the archive. Each export is one audited full read
 * ({@code READ} of {@code minzheng}: the county or the school, the number of rows).
 */
@Component(service = MinzhengExport.class)
public final class MinzhengExport {
    /** The columns, in the order of the 登记表's blocks: 个人基本情况, 就学情况, 家庭情况, 实际监护情况, 监护类型, 经济, 救助. */
    public static final List<Column> COLUMNS = List.of(new Column("序号", "No."), new Column("姓名", "Name"),
            new Column("性别", "Gender"), new Column("民族", "Ethnicity"), new Column("出生日期", "Date of birth"),
            new Column("公民身份证号码", "ID number"), new Column("是否登记户口", "Hukou registered"),
            new Column("户籍所在地", "Place of hukou"), new Column("现居住地", "Place of residence"),
            new Column("身体情况", "Health"), new Column("残疾类别及等级或患病类型", "Disability or illness"),
            new Column("是否学校寄宿", "Boards at school"), new Column("就学情况", "Schooling"),
            new Column("就读学校", "School"),
            new Column("祖父姓名", "Grandfather (paternal)"), new Column("祖父出生日期", "His date of birth"),
            new Column("祖母姓名", "Grandmother (paternal)"), new Column("祖母出生日期", "Her date of birth"),
            new Column("外祖父姓名", "Grandfather (maternal)"), new Column("外祖父出生日期", "His date of birth"),
            new Column("外祖母姓名", "Grandmother (maternal)"), new Column("外祖母出生日期", "Her date of birth"),
            new Column("父亲姓名", "Father's name"), new Column("父亲出生日期", "Father's date of birth"),
            new Column("父亲公民身份证号码", "Father's ID number"),
            new Column("父亲当前务工地点", "Father's place of work"), new Column("父亲联系电话", "Father's phone"),
            new Column("母亲姓名", "Mother's name"), new Column("母亲出生日期", "Mother's date of birth"),
            new Column("母亲公民身份证号码", "Mother's ID number"),
            new Column("母亲当前务工地点", "Mother's place of work"), new Column("母亲联系电话", "Mother's phone"),
            new Column("父母双方同时外出", "Both parents away"),
            new Column("父母一方外出、另一方无监护能力", "One away, the other without capacity"),
            new Column("无监护能力的一方", "Parent without capacity"),
            new Column("有无委托其他监护人", "Delegated guardian"), new Column("委托监护人姓名", "Guardian's name"),
            new Column("委托监护人联系电话", "Guardian's phone"), new Column("委托监护人公民身份证号码", "Guardian's ID number"),
            new Column("与被监护人关系", "Relation to the child"),
            new Column("委托监护人居住地址", "Guardian's address"), new Column("监护类型", "Guardianship"),
            new Column("家庭经济来源", "Family income"), new Column("救助帮扶情况", "Assistance received"),
            new Column("村（居）委会联系人及电话", "Village committee contact"));
    /** The audit log's kind of record for an export of the 民政 layout. */
    static final String ENTITY = "minzheng";

    private final Jdbc jdbc;
    private final Guard guard;
    private final AuditLog audit;
    private final Exports exports;
    private final EligibilityPolicy eligibility;
    private final Clock clock;

    @Activate
    public MinzhengExport(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CallerContext callers, @Reference AuditLog audit,
            @Reference Exports exports, @Reference EligibilityPolicy eligibility) {
        this(dataSource, callers, audit, exports, eligibility, Clock.system(CareCalendar.ZONE));
    }

    MinzhengExport(DataSource dataSource, CallerContext callers, AuditLog audit, Exports exports,
            EligibilityPolicy eligibility, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.guard = new Guard(callers, audit);
        this.audit = audit;
        this.exports = exports;
        this.eligibility = eligibility;
        this.clock = clock;
    }

    /**
     * @param schoolId one school of the county, or {@code null} for all of them
     * @return the workbook, named 民政登记表-全县|学校-date
     * @throws NotFoundException when the school does not exist or is not in the caller's reach
     */
    public Download export(Long schoolId) {
        guard.scope.require(Permissions.REGISTRY_READ);
        boolean county = guard.scope.caller().map(c -> c.allSchools()).orElse(true);
        String scope = county ? "全县" : "本人所在学校";
        if (schoolId != null) {
            if (!guard.scope.reaches(schoolId)) {
                throw new NotFoundException("school", schoolId);
            }
            scope = jdbc.read(c -> Jdbc.one(c, "SELECT name FROM core_school WHERE id = ?", rs -> rs.getString(1), schoolId))
                    .orElseThrow(() -> new NotFoundException("school", schoolId));
        }
        Table table = table(schoolId);
        if (guard.scope.caller().isPresent()) {
            audit.record(AuditLog.Event.of(AuditActions.READ, ENTITY,
                    schoolId != null ? String.valueOf(schoolId) : county ? "county" : "schools")
                    .school(schoolId).outcome(AuditLog.OK).detail("rows=" + table.rows().size()));
        }
        return exports.xlsx("民政登记表-" + scope + "-" + LocalDate.now(clock.withZone(CareCalendar.ZONE)), List.of(table));
    }

    /** The eligible children's rows, ordered by school, grade, class and name. */
    Table table(Long schoolId) {
        Masker masker = guard.masker();
        LocalDate today = LocalDate.now(clock.withZone(CareCalendar.ZONE));
        EligibilityRule rule = eligibility.rule();
        StringBuilder where = new StringBuilder(" WHERE c.archived = FALSE AND s.archived = FALSE");
        List<Object> args = new ArrayList<>();
        if (schoolId != null) {
            where.append(" AND c.school_id = ?");
            args.add(schoolId);
        }
        guard.scope.restrict(where, args, "c.school_id", "c.class_id");
        List<List<Object>> rows = new ArrayList<>();
        jdbc.read(c -> {
            List<Object[]> children = Jdbc.list(c, "SELECT c.*, s.name AS school_name FROM core_child c"
                    + " JOIN core_school s ON s.id = c.school_id LEFT JOIN core_class k ON k.id = c.class_id" + where
                    + " ORDER BY s.name, k.grade_level, k.name, c.name, c.id",
                    rs -> new Object[] { ChildServiceImpl.child(rs), rs.getString("school_name") }, args.toArray());
            for (int from = 0; from < children.size(); from += ChildServiceImpl.FOR_EACH_PAGE) {
                List<Object[]> part = children.subList(from, Math.min(children.size(), from + ChildServiceImpl.FOR_EACH_PAGE));
                List<Long> ids = part.stream().map(r -> ((Child) r[0]).id()).toList();
                Map<Long, List<Parent>> parents = GuardianServiceImpl.parentsOf(c, ids);
                Map<Long, List<Guardian>> guardians = guardiansOf(c, ids);
                for (Object[] r : part) {
                    Child k = (Child) r[0];
                    List<Parent> ps = parents.getOrDefault(k.id(), List.of());
                    if (rule.evaluate(k, ps, today).eligible()) {
                        rows.add(row(rows.size() + 1, k, (String) r[1], ps, guardians.getOrDefault(k.id(), List.of()), masker));
                    }
                }
            }
            return null;
        });
        return new Table("留守儿童登记表", COLUMNS, rows);
    }

    private static Map<Long, List<Guardian>> guardiansOf(java.sql.Connection c, List<Long> ids) throws SQLException {
        Map<Long, List<Guardian>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        String in = " IN (" + String.join(",", Collections.nCopies(ids.size(), "?")) + ")";
        for (Guardian g : Jdbc.list(c, "SELECT * FROM core_guardian WHERE child_id" + in + " ORDER BY child_id, is_primary DESC, id",
                GuardianServiceImpl::guardian, ids.toArray())) {
            out.computeIfAbsent(g.childId(), x -> new ArrayList<>()).add(g);
        }
        return out;
    }

    static List<Object> row(int n, Child k, String school, List<Parent> parents, List<Guardian> guardians, Masker masker) {
        Optional<Parent> father = parents.stream().filter(p -> p.role() == ParentRole.FATHER).findFirst();
        Optional<Parent> mother = parents.stream().filter(p -> p.role() == ParentRole.MOTHER).findFirst();
        boolean fatherAway = father.map(Parent::away).orElse(false);
        boolean motherAway = mother.map(Parent::away).orElse(false);
        Optional<Parent> incapable = parents.stream().filter(p -> !p.away() && !p.deceased() && !p.guardianshipCapacity()).findFirst();
        boolean oneAwayOtherIncapable = (fatherAway ^ motherAway) && incapable.isPresent();
        Optional<Guardian> delegated = guardians.stream().filter(Guardian::primary)
                .filter(g -> g.kind() != GuardianKind.PARENT).findFirst();
        Guardian[] elders = new Guardian[4];
        for (Guardian g : guardians) {
            int i = MinzhengWords.elder(g.relation());
            if (i >= 0 && elders[i] == null) {
                elders[i] = g;
            }
        }
        List<Object> row = new ArrayList<>(Arrays.asList(n, k.name(), RosterWords.gender(name(k.gender())), k.ethnicity(),
                k.birthDate(), masker.show("idNumber", k.idNumber()), MinzhengWords.yesNo(k.hukouRegistered()),
                masker.show("hukouPlace", k.hukouPlace()), masker.show("homeAddress", k.homeAddress()),
                MinzhengWords.health(k.health()), k.health() == null || k.health().name().equals("HEALTHY") ? null
                        : masker.show("healthNote", k.healthNote()),
                k.boarding() == null ? null : MinzhengWords.yesNo(k.boarding().name().equals("BOARDING")),
                MinzhengWords.schooling(k.schooling()), school));
        for (Guardian g : elders) {
            row.add(g == null ? null : g.name());
            row.add(g == null ? null : g.birthDate());
        }
        for (Optional<Parent> p : List.of(father, mother)) {
            row.add(p.map(Parent::name).orElse(null));
            row.add(p.map(Parent::birthDate).orElse(null));
            row.add(p.map(x -> masker.show("idNumber", x.idNumber())).orElse(null));
            row.add(p.filter(Parent::away).map(x -> MinzhengWords.workPlace(x.workProvince(), x.workCity())).orElse(null));
            row.add(p.map(x -> masker.show("phone", x.phone())).orElse(null));
        }
        row.add(MinzhengWords.yesNo(fatherAway && motherAway));
        row.add(MinzhengWords.yesNo(oneAwayOtherIncapable));
        row.add(oneAwayOtherIncapable ? (incapable.get().role() == ParentRole.FATHER ? "父亲" : "母亲") : null);
        row.add(MinzhengWords.yesNo(delegated.isPresent()));
        row.add(delegated.map(Guardian::name).orElse(null));
        row.add(delegated.map(g -> masker.show("phone", g.phone())).orElse(null));
        row.add(delegated.map(g -> masker.show("idNumber", g.idNumber())).orElse(null));
        row.add(delegated.map(Guardian::relation).orElse(null));
        row.add(delegated.map(g -> masker.show("address", g.address())).orElse(null));
        row.add(MinzhengWords.guardianship(guardianship(k, oneAwayOtherIncapable, guardians)));
        row.add(MinzhengWords.incomeSources(k.incomeSources()));
        row.add(MinzhengWords.assistance(k.assistance()));
        row.add(k.villageContact());
        return row;
    }

    /**
     * 监护类型: what the archive says first (无人监护; a parent at home without capacity; the primary guardian without
     * capacity), then the kind someone assessed (一般, 较好), else none.
     */
    static GuardianshipType guardianship(Child k, boolean parentIncapable, List<Guardian> guardians) {
        if (k.unattended()) {
            return GuardianshipType.UNATTENDED;
        }
        if (parentIncapable) {
            return GuardianshipType.PARENT_INCAPABLE;
        }
        if (guardians.stream().filter(Guardian::primary).anyMatch(g -> g.capacity() == GuardianCapacity.INCAPABLE)) {
            return GuardianshipType.GUARDIAN_INSUFFICIENT;
        }
        return k.guardianship();
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }
}
