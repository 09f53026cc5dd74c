package org.guanai.core.api.notify;

/**
 * One notice. Texts are complete sentences a person reads, 中文 and English, without codes or internal ids. Channels
 * that leave the platform (email, 企业微信, SMS) carry the subject and the link, and the body only where the channel's
 * configuration allows personal data; the console inbox carries everything.
 *
 * @param source    who sends it: {@code core} or the programme's id
 * @param kind      a stable code of what it is, e.g. {@code INCIDENT_LATE}, {@code BIRTHDAY_REMINDER}; recipients
 *                  choose channels per kind in their preferences
 * @param urgent    urgent notices (an incident's clock, a child alone) also go to channels configured for urgent
 *                  notices only, e.g. SMS
 * @param schoolId  the school it concerns
 * @param childId   the child it concerns, {@code null} when none
 * @param audience  who receives it
 * @param subjectZh 标题
 * @param subjectEn title
 * @param bodyZh    正文
 * @param bodyEn    body
 * @param link      where in the console to act on it, a path such as {@code /#/children/12}; {@code null} when none
 * @param dedupKey  a key that makes the notice once-only (e.g. {@code incident:7:parents:late}); {@code null} when
 *                  every call is a new notice
 * @param kindZh    the kind in words, 中文, e.g. 生日提醒: how a recipient's notification settings name the kind;
 *                  {@code null} names it by the notice's subject
 * @param kindEn    the kind in words, English, e.g. Birthday reminders
 */
public record Notice(String source, String kind, boolean urgent, long schoolId, Long childId, Audience audience,
        String subjectZh, String subjectEn, String bodyZh, String bodyEn, String link, String dedupKey, String kindZh,
        String kindEn) {

    /**
     * A notice: what senders write instead of the canonical constructor, which changes whenever a notice gains a
     * component.
     *
     * @param source {@code core} or the programme's id
     * @param kind   the stable code of what it is
     * @return a builder with the other components unset
     */
    public static Builder builder(String source, String kind) {
        return new Builder(source, kind);
    }

    /** Builds a {@link Notice}; a component added later gets a setter here. */
    public static final class Builder {
        private final String source;
        private final String kind;
        private boolean urgent;
        private long schoolId;
        private Long childId;
        private Audience audience = new Audience(null, null);
        private String subjectZh;
        private String subjectEn;
        private String bodyZh;
        private String bodyEn;
        private String link;
        private String dedupKey;
        private String kindZh;
        private String kindEn;

        private Builder(String source, String kind) {
            this.source = source;
            this.kind = kind;
        }

        /** @return this builder, marked urgent */
        public Builder urgent(boolean value) {
            urgent = value;
            return this;
        }

        /** @return this builder for a school and, when not {@code null}, one of its children */
        public Builder about(long school, Long child) {
            schoolId = school;
            childId = child;
            return this;
        }

        /** @return this builder with its recipients */
        public Builder to(Audience value) {
            audience = value;
            return this;
        }

        /** @return this builder with the subject in 中文 and English */
        public Builder subject(String zh, String en) {
            subjectZh = zh;
            subjectEn = en;
            return this;
        }

        /** @return this builder with the body in 中文 and English */
        public Builder body(String zh, String en) {
            bodyZh = zh;
            bodyEn = en;
            return this;
        }

        /** @return this builder with the console path to act on it */
        public Builder link(String value) {
            link = value;
            return this;
        }

        /** @return this builder with a once-only key */
        public Builder dedupKey(String value) {
            dedupKey = value;
            return this;
        }

        /** @return this builder with the kind in words, 中文 and English, as notification settings name it */
        public Builder kindLabel(String zh, String en) {
            kindZh = zh;
            kindEn = en;
            return this;
        }

        /** @return the notice */
        public Notice build() {
            return new Notice(source, kind, urgent, schoolId, childId, audience, subjectZh, subjectEn, bodyZh, bodyEn,
                    link, dedupKey, kindZh, kindEn);
        }
    }
}
