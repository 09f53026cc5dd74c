package org.guanai.core.registry.internal.notify;

/**
 * What an external channel carries of a notice: the subject, the body only where the configuration allows personal
 * data ({@code null} otherwise), and the absolute link to the console ({@code null} when the notice has none).
 */
record Outgoing(String subjectZh, String subjectEn, String bodyZh, String bodyEn, String link) {

    /** @return the whole message as plain text, 中文 first */
    String text() {
        StringBuilder sb = new StringBuilder(subjectZh);
        if (bodyZh != null) {
            sb.append('\n').append(bodyZh);
        }
        if (link != null) {
            sb.append("\n查看：").append(link);
        }
        sb.append("\n\n").append(subjectEn);
        if (bodyEn != null) {
            sb.append('\n').append(bodyEn);
        }
        if (link != null) {
            sb.append("\nOpen: ").append(link);
        }
        return sb.toString();
    }

    /** @return a short text (SMS): the 中文 subject, body where allowed, and the link */
    String shortText() {
        StringBuilder sb = new StringBuilder(subjectZh);
        if (bodyZh != null) {
            sb.append(' ').append(bodyZh);
        }
        if (link != null) {
            sb.append(' ').append(link);
        }
        return sb.toString();
    }

    /** @return the message as 企业微信 markdown */
    String markdown() {
        StringBuilder sb = new StringBuilder("**").append(subjectZh).append("**");
        if (bodyZh != null) {
            sb.append('\n').append(bodyZh);
        }
        sb.append('\n').append(subjectEn);
        if (bodyEn != null) {
            sb.append('\n').append(bodyEn);
        }
        if (link != null) {
            sb.append("\n[查看 Open](").append(link).append(')');
        }
        return sb.toString();
    }
}
