package org.guanai.core.api.notify;

import java.util.OptionalLong;

/**
 * 消息通知服务: queues notices for the people they concern. Published by the core.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Notifications {
    /**
     * Queues a notice. It is stored in the shared database before this returns, so no node's restart loses it, and it
     * is delivered afterwards, off the caller's thread, exactly once per recipient and channel across all nodes: to the
     * console inbox of every recipient, and to the other channels each recipient's preferences (or, failing those, their
     * role's configuration) choose. A notice whose {@link Notice#dedupKey()} was queued before is not queued again.
     *
     * @param notice what to say, to whom
     * @return the notice's id; empty when a notice with the same de-duplication key was queued before
     * @throws org.guanai.core.api.ValidationException when the notice lacks a text, a school or an audience
     */
    OptionalLong send(Notice notice);
}
