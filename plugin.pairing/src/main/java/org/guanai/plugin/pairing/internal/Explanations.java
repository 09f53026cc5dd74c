package org.guanai.plugin.pairing.internal;

import java.util.Set;
import java.util.stream.Collectors;

import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.assign.Assigner.Nearness;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The one-line 中文 and English explanation of a proposal's item: a proposed pair
 * ("…接替已离岗的X：王小一（2心）→ 李老师（教职工，教职工结对帮扶，同班），帮扶后 2/3 名"), or a child no mentor was found for.
 */
@Component(service = Explanations.class)
public final class Explanations {
    /** The most characters of an explanation (the column's size). */
    private static final int MAX_LENGTH = 300;

    private final Texts texts;

    @Activate
    public Explanations(@Reference Texts texts) {
        this.texts = texts;
    }

    /** For a slot no mentor was found for: the child and the kinds of mentor it needs. */
    Label none(Child child, Set<MentorKind> kinds) {
        String zh = kinds.stream().sorted().map(k -> texts.zh("mentorKind." + k)).collect(Collectors.joining("、"));
        String en = kinds.stream().sorted().map(k -> texts.en("mentorKind." + k)).collect(Collectors.joining(", "));
        return new Label(texts.zh("explain.none", child.name(), zh), texts.en("explain.none", child.name(), en));
    }

    /**
     * For a proposed pair: the child and level, the mentor, kind, scheme and nearness, the mentor's load with this pair.
     *
     * @param leftName the mentor who left, whom the pair replaces; {@code null} when it replaces none
     */
    Label pair(Child child, Integer level, Mentor m, Scheme scheme, Nearness near, int loadAfter, int capacity, String leftName) {
        String levelZh = level == null ? texts.zh("level.none") : texts.zh("level.n", level);
        String levelEn = level == null ? texts.en("level.none") : texts.en("level.n", level);
        // kind, scheme and nearness; the scheme only where its name says more than the kind (爱心妈妈 is both)
        String zh = texts.zh("explain.pair", child.name(), levelZh, m.name(), about(texts.zh("mentorKind." + m.kind()), scheme.nameZh(),
                texts.zh("near." + near.name()), "，"), loadAfter, capacity);
        String en = texts.en("explain.pair", child.name(), levelEn, m.name(), about(texts.en("mentorKind." + m.kind()), scheme.nameEn(),
                texts.en("near." + near.name()), ", "), loadAfter, capacity);
        if (leftName != null) {
            zh = texts.zh("explain.replaces", leftName) + zh;
            en = texts.en("explain.replaces", leftName) + en;
        }
        return new Label(cut(zh), cut(en));
    }

    private static String about(String kind, String scheme, String near, String comma) {
        return scheme.equals(kind) ? kind + comma + near : kind + comma + scheme + comma + near;
    }

    private static String cut(String s) {
        return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH - 1) + "…";
    }
}
