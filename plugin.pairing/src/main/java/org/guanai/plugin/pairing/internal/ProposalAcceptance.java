package org.guanai.plugin.pairing.internal;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Proposal;
import org.guanai.plugin.pairing.internal.Model.ProposalItem;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Accepts all or part of a proposal in one transaction: each item becomes an active pair from today unless it has no
 * mentor, was accepted already, or its mentor has gone or is full or its child's slot was filled meanwhile (then it is
 * skipped with the reason in 中文 and English).
 */
@Component(service = ProposalAcceptance.class)
public final class ProposalAcceptance {
    private final PairingStore store;
    private final PairingSettings settings;
    private final CareCalendar calendar;
    private final Texts texts;
    private final PairingEvents events;

    @Activate
    public ProposalAcceptance(@Reference PairingStore store, @Reference PairingSettings settings, @Reference CareCalendar calendar,
            @Reference Texts texts, @Reference PairingEvents events) {
        this.store = store;
        this.settings = settings;
        this.calendar = calendar;
        this.texts = texts;
        this.events = events;
    }

    /** What acceptance did. */
    record Outcome(List<Pair> accepted, List<Map<String, Object>> skipped) {
    }

    /** Accepts the proposal's items (all when {@code itemIds} is null), re-checking capacity and open slots. */
    Outcome accept(Proposal proposal, Set<Long> itemIds, String by) {
        LocalDate today = calendar.today();
        List<Map<String, Object>> skipped = new ArrayList<>();
        Map<Long, Mentor> mentors = store.mentorsById(proposal.items().stream().map(ProposalItem::mentorId).filter(Objects::nonNull)
                .distinct().toList());
        Map<Long, Schemes> schemesOf = new HashMap<>();
        for (ProposalItem i : proposal.items()) {
            if (i.mentorId() != null) {
                schemesOf.computeIfAbsent(mentors.get(i.mentorId()).schoolId(), settings::schemes);
            }
        }
        List<Long> pairIds = store.tx(c -> {
            List<Long> made = new ArrayList<>();
            for (ProposalItem i : proposal.items()) {
                if (itemIds != null && !itemIds.contains(i.id())) {
                    continue;
                }
                Mentor m = i.mentorId() == null ? null : mentors.get(i.mentorId());
                String reason = skipReason(c, i, m, schemesOf);
                if (reason != null) {
                    skipped.add(Map.of("item", i.id(), "childId", i.childId(), "reason", reason,
                            "message_zh", texts.zh(reason), "message_en", texts.en(reason)));
                    continue;
                }
                long pairId = store.insertPair(c, new Pair(null, i.schoolId(), i.childId(), m.id(), i.scheme(), Status.ACTIVE, today, null,
                        null, null, by));
                store.itemAccepted(c, i.id(), pairId);
                made.add(pairId);
            }
            return made;
        });
        List<Pair> accepted = new ArrayList<>();
        for (long id : pairIds) {
            Pair p = store.pair(id).orElseThrow();
            accepted.add(p);
            events.post("pair/CREATED", "id", p.id(), "childId", p.childId(), "schoolId", p.schoolId(), "actor", by, "scheme", p.scheme());
        }
        return new Outcome(accepted, skipped);
    }

    /** @return why the item cannot become a pair now (a text key), or {@code null} when it can */
    private String skipReason(Sql c, ProposalItem i, Mentor m, Map<Long, Schemes> schemesOf) throws SQLException {
        if (m == null) {
            return "noMentor";
        }
        if (i.pairId() != null) {
            return "alreadyAccepted";
        }
        Optional<Mentor> now = store.mentor(m.id());
        if (now.isEmpty() || !now.get().active()) {
            return "mentorInactive";
        }
        if (store.load(c, m.id()) >= now.get().effectiveCapacity(schemesOf.get(m.schoolId()))) {
            return "mentorFull";
        }
        List<Pair> open = store.openPairsOfChild(c, i.childId());
        Map<Long, Mentor> om = store.mentorsById(open.stream().map(Pair::mentorId).toList());
        if (open.stream().anyMatch(p -> p.mentorId() == m.id() || om.get(p.mentorId()) != null && om.get(p.mentorId()).kind() == m.kind())) {
            return "slotFilled";
        }
        return null;
    }
}
