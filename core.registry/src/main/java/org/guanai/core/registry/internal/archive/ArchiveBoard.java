package org.guanai.core.registry.internal.archive;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.Caller;
import org.guanai.core.api.archive.ArchiveContributor;
import org.guanai.core.api.archive.ArchiveQuery;
import org.guanai.core.api.archive.ArchiveSection;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.registry.internal.programmes.ProgrammeContributors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The programmes' sections on a child's archive page: those of every {@link ArchiveContributor} whose programme
 * ({@code programme.id}) is enabled for the child's school, in the order of the programme ids. Contributors come and go
 * with their programmes; one that throws is logged and named as failed, the others still answer. The caller's reach to
 * the child is checked before (by the servlet), not here.
 */
@Component(service = ArchiveBoard.class)
public final class ArchiveBoard {
    private final ProgrammeRegistry programmes;
    private final ProgrammeContributors<ArchiveContributor> contributors = new ProgrammeContributors<>("Archive section");

    /** The answer: the sections, and the programmes whose contributor failed. */
    public record Sections(List<ArchiveSection> sections, List<String> failed) {
    }

    @Activate
    public ArchiveBoard(@Reference ProgrammeRegistry programmes) {
        this.programmes = programmes;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addContributor(ArchiveContributor c, Map<String, Object> props) {
        contributors.add(c, props);
    }

    void removeContributor(ArchiveContributor c) {
        contributors.remove(c);
    }

    /**
     * @param caller who asks; reaches the child
     * @param school the child's school
     * @param child  the child
     * @param today  today in China
     * @return the sections of the enabled programmes that have something on the child
     */
    public Sections of(Caller caller, long school, long child, LocalDate today) {
        ArchiveQuery query = new ArchiveQuery(caller, school, child, today);
        List<ArchiveSection> sections = new ArrayList<>();
        ProgrammeContributors.Outcome o = contributors.gather(programmes, school, c -> c.section(query).map(List::of).orElse(List.of()),
                ArchiveSection::programme, sections);
        return new Sections(sections, o.failed());
    }
}
