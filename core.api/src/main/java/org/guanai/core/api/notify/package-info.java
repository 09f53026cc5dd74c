/**
 * Notifications (消息通知): how the core and programmes tell people what needs them — reminders, overdue notices,
 * guardianship alerts, incident clocks. A sender describes a {@link org.guanai.core.api.notify.Notice} for an
 * {@link org.guanai.core.api.notify.Audience}; the platform stores it, puts it in each recipient's console inbox and
 * delivers it on the channels the recipient or their role chose (email, 企业微信 group robot, SMS gateway). Senders
 * reference {@link org.guanai.core.api.notify.Notifications} optionally: without it nothing is sent, nothing fails.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.guanai.core.api.notify;
