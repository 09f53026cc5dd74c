package org.guanai.plugin.guardians.internal;

import java.util.List;
import java.util.Optional;

import org.guanai.core.api.archive.ArchiveContributor;
import org.guanai.core.api.archive.ArchiveQuery;
import org.guanai.core.api.archive.ArchiveSection;
import org.guanai.core.api.programme.Programme;
import org.guanai.plugin.guardians.internal.Model.HistoryItem;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The guardians' training history on the child's archive page (监护人培训记录): one line per session a guardian or
 * parent of the child was marked for, the latest first, for a caller holding {@code guardians.read}.
 */
@Component(service = ArchiveContributor.class, property = Programme.ID_PROPERTY + "=" + GuardiansProgramme.ID)
public final class GuardiansArchive implements ArchiveContributor {
    private final SessionStore store;
    private final Texts texts;

    @Activate
    public GuardiansArchive(@Reference SessionStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    @Override
    public Optional<ArchiveSection> section(ArchiveQuery q) {
        if (!q.caller().has(GuardiansProgramme.ID + ".read")) {
            return Optional.empty();
        }
        List<HistoryItem> history = store.history(q.schoolId(), q.childId());
        if (history.isEmpty()) {
            return Optional.empty();
        }
        ArchiveSection.Builder b = ArchiveSection.builder(GuardiansProgramme.ID, texts.zh("archive.title"), texts.en("archive.title"))
                .link("#/p/" + GuardiansProgramme.ID);
        for (HistoryItem h : history) {
            String key = h.attended() ? "archive.attended" : "archive.absent";
            b.line(h.heldOn(), line(texts::zh, key, h), line(texts::en, key, h));
        }
        return Optional.of(b.build());
    }

    private interface Lookup {
        String text(String key, Object... args);
    }

    private static String line(Lookup l, String key, HistoryItem h) {
        return l.text(key, h.name(), h.relation(), l.text("kind." + h.kind().name()), h.topic());
    }
}
