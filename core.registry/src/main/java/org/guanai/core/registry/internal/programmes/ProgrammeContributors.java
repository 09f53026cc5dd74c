package org.guanai.core.registry.internal.programmes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services programmes publish for the core to gather from (本周待办's {@code TodoContributor}, 报表's
 * {@code ReturnContributor}), each with its programme's id ({@code programme.id}): they come and go with their
 * programmes (a dynamic, multiple reference adds and removes them here), and the core asks only those of the programmes
 * enabled for a school, in the order of the programme ids. One that throws is logged and named as failed; the others
 * still answer.
 *
 * @param <S> the kind of service
 */
public final class ProgrammeContributors<S> {
    private static final Logger LOG = LoggerFactory.getLogger(ProgrammeContributors.class);

    /** A contributor and its programme id. */
    private record Entry<S>(S service, String programme) {
    }

    /** What a round answered: the programmes that answered and those whose contributor threw. */
    public record Outcome(List<String> answered, List<String> failed) {
    }

    private final String what;
    private final List<Entry<S>> entries = new CopyOnWriteArrayList<>();

    /** @param what the kind of contributor, for the log, e.g. {@code To-do} */
    public ProgrammeContributors(String what) {
        this.what = what;
    }

    /** Adds a contributor; one without the service property {@code programme.id} is ignored. */
    public void add(S service, Map<String, Object> props) {
        Object id = props.get(Programme.ID_PROPERTY);
        if (id instanceof String s && !s.isBlank()) {
            entries.add(new Entry<>(service, s));
        } else {
            LOG.warn("A {} contributor without the service property {} is ignored: {}", what, Programme.ID_PROPERTY, service);
        }
    }

    public void remove(S service) {
        entries.removeIf(x -> x.service() == service);
    }

    /**
     * Asks each contributor of a programme enabled for the school and adds what it answers to {@code into}: only what
     * is of its own programme ({@code programmeOf}); another programme's is logged and left out, and a contributor that
     * throws adds nothing.
     */
    public <T> Outcome gather(ProgrammeRegistry programmes, long school, Function<S, List<T>> ask, Function<T, String> programmeOf,
            List<T> into) {
        return forEnabled(programmes, school, (programme, c) -> {
            List<T> part = ask.apply(c);
            List<T> own = new ArrayList<>();
            for (T t : part == null ? List.<T>of() : part) {
                if (t != null && programme.equals(programmeOf.apply(t))) {
                    own.add(t);
                } else if (t != null) {
                    LOG.warn("{} of programme {} answered by a contributor of {} left out", what, programmeOf.apply(t), programme);
                }
            }
            into.addAll(own);
        });
    }

    /**
     * Calls {@code call(programme, contributor)} for each contributor of a programme enabled for the school, in the
     * order of the programme ids; a call that throws is logged and its programme named in {@link Outcome#failed}.
     */
    public Outcome forEnabled(ProgrammeRegistry programmes, long school, BiConsumer<String, S> call) {
        TreeSet<String> answered = new TreeSet<>();
        TreeSet<String> failed = new TreeSet<>();
        List<Entry<S>> all = new ArrayList<>(entries);
        all.sort(Comparator.comparing(Entry::programme));
        for (Entry<S> e : all) {
            if (!programmes.isEnabled(school, e.programme())) {
                continue;
            }
            try {
                call.accept(e.programme(), e.service());
                answered.add(e.programme());
            } catch (RuntimeException x) {
                // one programme's failure must not take the others' answers away: logged, left out, named
                LOG.error("{} contributor of programme {} failed for school {}", what, e.programme(), school, x);
                failed.add(e.programme());
            }
        }
        return new Outcome(List.copyOf(answered), List.copyOf(failed));
    }
}
