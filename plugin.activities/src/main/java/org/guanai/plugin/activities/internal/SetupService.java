package org.guanai.plugin.activities.internal;

import java.time.LocalDate;

import org.guanai.core.api.AuditTrail;
import org.guanai.plugin.activities.internal.Bodies.HomeIn;
import org.guanai.plugin.activities.internal.Bodies.ItemIn;
import org.guanai.plugin.activities.internal.Bodies.ResourceIn;
import org.guanai.plugin.activities.internal.Bodies.SemesterIn;
import org.guanai.plugin.activities.internal.Bodies.VariantIn;
import org.guanai.plugin.activities.internal.Checklists.Cadence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Checklists.Variant;
import org.guanai.plugin.activities.internal.Model.Home;
import org.guanai.plugin.activities.internal.Model.Resource;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A school's set-up: its checklist, semester dates, reminder weeks, the 留守儿童之家 and its resources. Checks each change
 * (refused in 中文 and English, naming the fields, before anything is stored), stores and audits it.
 */
@Component(service = SetupService.class)
public final class SetupService {
    private final ChecklistStore checklists;
    private final SemesterStore semesters;
    private final ReminderStore reminders;
    private final HomeStore homes;
    private final AuditTrail audit;
    private final Texts texts;

    @Activate
    public SetupService(@Reference ChecklistStore checklists, @Reference SemesterStore semesters, @Reference ReminderStore reminders,
            @Reference HomeStore homes, @Reference AuditTrail audit, @Reference Texts texts) {
        this.checklists = checklists;
        this.semesters = semesters;
        this.reminders = reminders;
        this.homes = homes;
        this.audit = audit;
        this.texts = texts;
    }

    /** Switches to ({@code replace}) or adds a seed checklist. */
    void applyVariant(long school, VariantIn in) {
        Check c = new Check(texts);
        Variant v = c.required("variant", in.variant(), true);
        if (v == Variant.CUSTOM) {
            c.error("variant", "variant");
        }
        c.done();
        boolean replace = Boolean.TRUE.equals(in.replace());
        checklists.applyVariant(school, v, replace);
        audit.record("UPDATE", "activities.checklist", v.name(), null, school, replace ? "switch" : "add");
    }

    /** Creates an item of the school's own, or changes the fields given of an item. */
    void putItem(long school, String code, ItemIn in) {
        Item existing = checklists.checklist(school).stream().filter(i -> i.code().equals(code)).findFirst().orElse(null);
        boolean create = existing == null;
        Check c = new Check(texts);
        String nameZh = c.text("nameZh", in.nameZh(), create, 100);
        String nameEn = c.text("nameEn", in.nameEn(), create, 120);
        Cadence cadence = c.required("cadence", in.cadence(), create);
        Integer times = c.range("times", in.times(), false, 1, 10);
        String evidence = c.text("evidence", in.evidence(), create, 100);
        try {
            if (evidence != null) {
                Checklists.Evidence.parse(evidence);
            }
        } catch (IllegalArgumentException e) {
            c.error("evidence", "evidence");
        }
        c.done();
        boolean active = in.active() != null ? in.active() : create || existing.active();
        checklists.putItem(school, create
                ? new Item(code, Variant.CUSTOM, nameZh, nameEn, cadence, times != null ? times : 1, evidence, null, active)
                : new Item(code, existing.variant(), nameZh != null ? nameZh : existing.nameZh(), nameEn != null ? nameEn : existing.nameEn(),
                        cadence != null ? cadence : existing.cadence(), times != null ? times : existing.times(),
                        evidence != null ? evidence : existing.evidence(), existing.source(), active));
        audit.record("UPDATE", "activities.checklist", code, null, school, null);
    }

    /**
     * Sets the school's dates of a semester: within 230 days, near the calendar's, not overlapping the semester before or
     * after.
     *
     * @param semester the semester with the calendar's dates
     * @return it with the school's dates
     */
    Semester putSemester(long school, Semester semester, SemesterIn in) {
        Check c = new Check(texts);
        LocalDate start = c.date("start", in.start(), true);
        LocalDate end = c.date("end", in.end(), true);
        c.done();
        if (!start.isBefore(end) || end.toEpochDay() - start.toEpochDay() > 230) {
            throw texts.invalid("end", "error.semesterDates");
        }
        if (Math.abs(start.toEpochDay() - semester.start().toEpochDay()) > 75) {
            throw texts.invalid("start", "error.semesterYear");
        }
        if (!start.isAfter(semesters.previous(school, semester).end())) {
            throw texts.invalid("start", "error.semesterOverlap");
        }
        if (!end.isBefore(semesters.next(school, semester).start())) {
            throw texts.invalid("end", "error.semesterOverlap");
        }
        Semester s = semester.withDates(start, end);
        semesters.putSemester(school, s);
        audit.record("UPDATE", "activities.semester", s.id(), null, school, start + ".." + end);
        return s;
    }

    void setReminderWeeks(long school, Integer weeks) {
        Check c = new Check(texts);
        c.range("reminderWeeks", weeks, true, 0, 20);
        c.done();
        reminders.setReminderWeeks(school, weeks);
    }

    void putHome(long school, HomeIn in) {
        Check c = new Check(texts);
        String name = c.text("name", in.name(), true, 100);
        LocalDate opened = c.date("openedOn", in.openedOn(), false);
        String manager = c.text("manager", in.manager(), false, 100);
        String note = c.text("note", in.note(), false, 500);
        c.done();
        homes.putHome(new Home(school, name, opened, manager, note, null));
        audit.record("UPDATE", "activities.home", String.valueOf(school), null, school, null);
    }

    /** Adds a resource of the home ({@code existing} {@code null}) or changes one. */
    Resource saveResource(long school, Resource existing, ResourceIn in) {
        Check c = new Check(texts);
        c.required("kind", in.kind(), true);
        String name = c.text("name", in.name(), true, 100);
        Integer quantity = c.range("quantity", in.quantity(), true, 0, 100000);
        String note = c.text("note", in.note(), false, 500);
        c.done();
        Resource saved = homes.putResource(new Resource(existing == null ? null : existing.id(), school, in.kind().name(), name, quantity,
                note, null));
        audit.record(existing == null ? "CREATE" : "UPDATE", "activities.resource", String.valueOf(saved.id()), null, school,
                existing == null ? saved.kind() : null);
        return saved;
    }

    void deleteResource(Resource r) {
        homes.deleteResource(r.id());
        audit.record("DELETE", "activities.resource", String.valueOf(r.id()), null, r.schoolId(), null);
    }
}
