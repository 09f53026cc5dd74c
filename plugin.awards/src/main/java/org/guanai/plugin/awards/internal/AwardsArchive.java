package org.guanai.plugin.awards.internal;

import java.util.List;
import java.util.Optional;

import org.guanai.core.api.archive.ArchiveContributor;
import org.guanai.core.api.archive.ArchiveQuery;
import org.guanai.core.api.archive.ArchiveSection;
import org.guanai.core.api.programme.Programme;
import org.guanai.plugin.awards.internal.Model.Nomination;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The child's honours on the archive page (所获表彰): the awards the county granted to the child (优秀留守儿童, 优秀小老师
 * …), the latest first, for a caller holding {@code awards.read}. Nominations still under way are not honours and are
 * left out.
 */
@Component(service = ArchiveContributor.class, property = Programme.ID_PROPERTY + "=" + AwardsProgramme.ID)
public final class AwardsArchive implements ArchiveContributor {
    private final NominationStore store;
    private final Texts texts;

    @Activate
    public AwardsArchive(@Reference NominationStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    @Override
    public Optional<ArchiveSection> section(ArchiveQuery q) {
        if (!q.caller().has(AwardsProgramme.ID + ".read")) {
            return Optional.empty();
        }
        List<Nomination> granted = store.grantedTo(q.schoolId(), q.childId());
        if (granted.isEmpty()) {
            return Optional.empty();
        }
        ArchiveSection.Builder b = ArchiveSection.builder(AwardsProgramme.ID, texts.zh("archive.title"), texts.en("archive.title"))
                .link("#/p/" + AwardsProgramme.ID);
        for (Nomination n : granted) {
            int y = n.schoolYear();
            b.line(n.grantedOn(), texts.zh("archive.granted", texts.zh("award." + n.award()), texts.zh("schoolYear", y, y + 1)),
                    texts.en("archive.granted", texts.en("award." + n.award()), texts.en("schoolYear", y, y + 1)));
        }
        return Optional.of(b.build());
    }
}
