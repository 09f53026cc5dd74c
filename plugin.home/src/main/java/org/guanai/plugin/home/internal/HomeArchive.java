package org.guanai.plugin.home.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.archive.ArchiveContributor;
import org.guanai.core.api.archive.ArchiveQuery;
import org.guanai.core.api.archive.ArchiveSection;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.programme.Programme;
import org.guanai.plugin.home.internal.Model.Call;
import org.guanai.plugin.home.internal.Model.Loan;
import org.guanai.plugin.home.internal.Model.Talk;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The child in the 留守儿童之家 on the archive page: the books borrowed (returned, out, overdue), the family calls and
 * videos of the last year with whom and how long, and the talks (the day and who talked with the child; what was said
 * stays on the home's page, where reading it is audited), newest first, for a caller holding {@code home.read}.
 */
@Component(service = ArchiveContributor.class, property = Programme.ID_PROPERTY + "=" + HomeProgramme.ID)
public final class HomeArchive implements ArchiveContributor {
    private static final int EACH = 20;

    private final HomeStore store;
    private final Texts texts;

    @Activate
    public HomeArchive(@Reference HomeStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    private record Line(LocalDate date, String zh, String en) {
    }

    @Override
    public Optional<ArchiveSection> section(ArchiveQuery q) {
        if (!q.caller().has(HomeProgramme.ID + ".read")) {
            return Optional.empty();
        }
        Set<Long> child = Set.of(q.childId());
        Page<Loan> loans = store.loans(q.schoolId(), child, false, q.today(), 0, EACH);
        Page<Call> calls = store.calls(q.schoolId(), child, q.today().minusYears(1), q.today(), 0, EACH);
        Page<Talk> talks = store.talks(q.schoolId(), child, 0, EACH);
        List<Line> lines = new ArrayList<>();
        for (Loan l : loans.items()) {
            String state = l.returnedOn() != null ? "archive.loan.returned" : l.overdue() ? "archive.loan.overdue" : "archive.loan.out";
            lines.add(new Line(l.lentOn(), texts.zh(state, l.title(), l.dueOn()), texts.en(state, l.title(), l.dueOn())));
        }
        for (Call c : calls.items()) {
            String kind = "kind." + c.kind().name();
            lines.add(new Line(c.startedAt().toLocalDate(), texts.zh("archive.call", texts.zh(kind), c.whom(), c.minutes()),
                    texts.en("archive.call", texts.en(kind), c.whom(), c.minutes())));
        }
        for (Talk t : talks.items()) {
            lines.add(new Line(t.heldOn(), texts.zh("archive.talk", t.staffName()), texts.en("archive.talk", t.staffName())));
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        lines.sort(Comparator.comparing(Line::date).reversed());
        ArchiveSection.Builder b = ArchiveSection.builder(HomeProgramme.ID, texts.zh("archive.title"), texts.en("archive.title"))
                .link("#/p/" + HomeProgramme.ID)
                .more((int) (loans.total() + calls.total() + talks.total() - lines.size()));
        lines.forEach(l -> b.line(l.date(), l.zh(), l.en()));
        return Optional.of(b.build());
    }
}
