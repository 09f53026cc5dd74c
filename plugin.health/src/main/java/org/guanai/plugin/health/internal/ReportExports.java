package org.guanai.plugin.health.internal;

import java.util.List;
import java.util.Map;

import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Percent;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The files of {@code reports/export}, written by the SDK's {@link Exports} (CSV or xlsx) for the school office, always
 * in 中文: the report per campaign ({@link Reports}) with the parents-notified rate as a percentage, or the school's
 * follow-ups ({@link FollowUps}) with the finding, status and outcome in words; no codes, no ids.
 */
@Component(service = ReportExports.class)
public final class ReportExports {
    private final Reports reports;
    private final FollowUps followUps;
    private final Exports exports;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public ReportExports(@Reference Reports reports, @Reference FollowUps followUps, @Reference Exports exports, @Reference Texts texts,
            @Reference CareCalendar calendar) {
        this.reports = reports;
        this.followUps = followUps;
        this.exports = exports;
        this.texts = texts;
        this.calendar = calendar;
    }

    /**
     * @param what   {@code summary} (the report) or {@code followups} (the follow-up list); else 400 naming {@code what}
     * @param format {@code csv} or {@code xlsx}; else 400 naming {@code format}
     * @param county the summary of every school the caller may act for ({@link Reports#countyReport()}), not only this one
     * @return the file, named by its title and today's date
     */
    Download download(long school, String what, String format, boolean county) {
        if (!format.equals("csv") && !format.equals("xlsx")) {
            throw texts.invalid("format", "format");
        }
        Table table = switch (what) {
            case "summary" -> summary(school, county);
            case "followups" -> followUpTable(school);
            default -> throw texts.invalid("what", "what");
        };
        String name = table.title() + "-" + calendar.today();
        return format.equals("csv") ? exports.csv(name, table) : exports.xlsx(name, List.of(table));
    }

    private Column column(String key) {
        return new Column(texts.zh(key), texts.en(key));
    }

    /** The report, one row per campaign: counts, the findings by type, the parents-notified rate as a percentage. */
    @SuppressWarnings("unchecked")
    private Table summary(long school, boolean county) {
        Table.Builder t = Table.builder(texts.zh("export.summary"), column("col.school"), column("col.semester"), column("col.title"),
                column("col.checks"), column("col.flagged"), column("finding.OBESITY"), column("finding.STUNTING"),
                column("finding.WASTING"), column("finding.HIGH_BP"), column("col.followUps"), column("col.parentsNotified"),
                column("col.parentsNotifiedRate"), column("col.overdue"), column("col.closed"), column("col.pubertyAttendees"));
        String schoolName = county ? null : reports.schoolName(school);
        for (Map<String, Object> r : county ? reports.countyReport() : reports.report(school)) {
            Map<String, Long> f = (Map<String, Long>) r.get("findings");
            String semester = (String) r.get("semester");
            t.row(county ? r.get("schoolName") : schoolName, Semesters.of(calendar, semester).map(Semester::labelZh).orElse(semester), r.get("title"),
                    r.get("checks"), r.get("flagged"), f.get(Screening.OBESITY), f.get(Screening.STUNTING), f.get(Screening.WASTING),
                    f.get(Screening.HIGH_BP), r.get("followUps"), r.get("parentsNotified"),
                    Percent.of((Long) r.get("parentsNotified"), (Long) r.get("followUpsWithParents")), r.get("overdue"), r.get("closed"),
                    r.get("pubertyAttendees"));
        }
        return t.build();
    }

    /** Every follow-up of the school: the child by name, the finding, status and outcome in words, dates as dates. */
    private Table followUpTable(long school) {
        Table.Builder t = Table.builder(texts.zh("export.followups"), column("col.child"), column("col.finding"), column("col.openedOn"),
                column("col.dueOn"), column("col.status"), column("col.notifiedOn"), column("col.referredTo"), column("col.outcome"),
                column("col.overdueFlag"));
        for (Map<String, Object> r : followUps.list(school, "all")) {
            FollowUp f = (FollowUp) r.get("followUp");
            t.row(r.get("childName"), texts.label("finding." + f.finding()), f.openedOn(), f.dueOn(), texts.label("status." + f.status()),
                    f.notifiedOn(), f.referredTo(), f.outcome() == null ? null : texts.label("outcome." + f.outcome()), f.overdue());
        }
        return t.build();
    }
}
