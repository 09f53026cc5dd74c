package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Checklists.Variant;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.plugin.activities.internal.Coverage.Status;
import org.guanai.plugin.activities.internal.Coverage.Summary;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.ChildRecord;
import org.guanai.plugin.activities.internal.Model.EvidenceFile;
import org.guanai.plugin.activities.internal.Model.Home;
import org.guanai.plugin.activities.internal.Model.Resource;
import org.guanai.sdk.http.Paging;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the programme's routes answer, as JSON (and, from these records, the OpenAPI document). */
final class Views {
    private Views() {
    }

    record SemesterView(String id, int schoolYear, Term term, LocalDate start, LocalDate end, boolean configured, String labelZh,
            String labelEn) {
        static SemesterView of(Semester s, boolean configured) {
            return new SemesterView(s.id(), s.schoolYear(), s.term(), s.start(), s.end(), configured, s.labelZh(), s.labelEn());
        }
    }

    record SemestersView(String current, List<SemesterView> items) {
    }

    record ChecklistView(List<Item> items, List<Variant> variants, String mentoringSource) {
        static final List<Variant> SEEDS = List.of(Variant.NINE_ONES, Variant.SEVENTEEN, Variant.FIVE_ONES, Variant.HOME_THREE_ONES);
    }

    record SettingsView(int reminderWeeks, String mentoringSource) {
    }

    record Participant(long id, String name) {
    }

    /** An activity; its participants the caller cannot see are counted, not shown. */
    record ActivityView(long id, LocalDate heldOn, String type, String title, String organiser, boolean atHome, String note,
            List<Participant> participants, int participantCount, List<EvidenceFile> evidence, String createdBy, OffsetDateTime createdAt) {
        static ActivityView of(Activity a, Map<Long, String> visible) {
            List<Participant> ps = a.participants().stream().filter(visible::containsKey).map(c -> new Participant(c, visible.get(c))).toList();
            return new ActivityView(a.id(), a.heldOn(), a.type(), a.title(), a.organiser(), a.atHome(), a.note(), ps, a.participants().size(),
                    a.evidence(), a.createdBy(), a.createdAt());
        }
    }

    record ActivitiesView(List<ActivityView> items, LocalDate from, LocalDate to) {
    }

    record RecordsView(List<ChildRecord> items, SemesterView semester, String mentoringSource) {
    }

    record HomeView(Home home, List<Resource> resources, SemesterView semester, List<ActivityView> ledger) {
    }

    record RemindersView(int reminderWeeks, SemesterView semester, LocalDate remindFrom, List<Map<String, Object>> posted) {
    }

    record CellView(String item, Status status, int done, int required, LocalDate last, String text) {
    }

    record RowView(long childId, String name, Long classId, String className, int missing, List<CellView> cells) {
    }

    record Gap(long childId, String name, int missing) {
    }

    record ChildView(long id, String name, boolean leftBehind) {
    }

    /**
     * The coverage grid; {@code child} only for one child's coverage. With {@code paging}, {@code rows} and
     * {@code childrenWithGaps} hold those of that page of the grid's rows, and {@code total}, {@code page} and {@code size}
     * say which; the summaries are always the whole grid's (its children with gaps: {@code children - complete}).
     */
    record GridView(SemesterView semester, LocalDate asOf, String mentoringSource, List<Item> items, List<RowView> rows,
            List<Summary> classes, Summary school, List<Gap> childrenWithGaps, @JsonInclude(JsonInclude.Include.NON_NULL) ChildView child,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer total, @JsonInclude(JsonInclude.Include.NON_NULL) Integer page,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer size) {
        /** @param paging the page of rows to answer, or {@code null} for every row */
        static GridView of(Grid g, SemesterView semester, String mentoringSource, ChildView child, Paging paging) {
            // the rows of a page only: a whole school's cells as views (50,000 children × 9 items, a text each) took most
            // of a small heap, twice over with two requests at once
            long from = paging == null ? 0 : paging.offset();
            long to = paging == null ? Long.MAX_VALUE : from + paging.size();
            return of(g, g.rows().subList((int) Math.min(from, g.rows().size()), (int) Math.min(to, g.rows().size())), semester,
                    mentoringSource, child, paging, g.rows().size());
        }

        /** @param page a page of the school's grid ({@link CoverageService#page}): its rows are those of the page */
        static GridView of(CoverageService.Page page, SemesterView semester, String mentoringSource, Paging paging) {
            return of(page.grid(), page.grid().rows(), semester, mentoringSource, null, paging, (int) page.total());
        }

        private static GridView of(Grid g, List<Coverage.Row> shown, SemesterView semester, String mentoringSource, ChildView child,
                Paging paging, int total) {
            List<RowView> rows = new ArrayList<>();
            List<Gap> gaps = new ArrayList<>();
            for (Coverage.Row r : shown) {
                List<CellView> cells = new ArrayList<>();
                for (int i = 0; i < r.cells().size(); i++) {
                    Coverage.Cell c = r.cells().get(i);
                    cells.add(new CellView(c.item(), c.status(), c.done(), c.required(), c.last(), LedgerExport.cellText(g.items().get(i), c)));
                }
                rows.add(new RowView(r.child().id(), r.child().name(), r.child().classId(), r.child().className(), r.missing(), cells));
                if (r.missing() > 0) {
                    gaps.add(new Gap(r.child().id(), r.child().name(), r.missing()));
                }
            }
            return new GridView(semester, g.asOf(), mentoringSource, g.items(), rows, g.classes(), g.school(), gaps, child,
                    paging == null ? null : total, paging == null ? null : paging.page(), paging == null ? null : paging.size());
        }
    }
}
