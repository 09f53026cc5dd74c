package org.guanai.core.registry.internal.notify;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The notification channels (PID {@code org.guanai.core.notify}). Secrets (the SMTP password, the 企业微信 webhook URLs
 * with their keys, the SMS gateway's token) are read from here only and never written to a log, an error or an answer.
 */
@ObjectClassDefinition(name = "消息通知 / Notifications",
        description = "Channels of notices: email (SMTP), 企业微信 group robots, an SMS gateway; delivery retries")
public @interface NotifyConfig {
    String PID = "org.guanai.core.notify";

    @AttributeDefinition(description = "Console address for the links of external channels, e.g. https://guanai.example.cn")
    String baseUrl() default "";

    @AttributeDefinition(description = "Whether email, 企业微信 and SMS carry the notice's body (personal data); "
            + "default false: subject and link only, the body is read in the console")
    boolean personalData() default false;

    @AttributeDefinition(description = "Channels per role when an account chose none for the kind, e.g. "
            + "teacher=email, school_admin=email,wecom (role ids of org.guanai.core.roles)")
    String[] roleChannels() default {};

    @AttributeDefinition(description = "Channels used for urgent notices only (and then for every recipient with the "
            + "contact), e.g. sms")
    String[] urgentChannels() default { "sms" };

    @AttributeDefinition(description = "SMTP server host; empty: no email")
    String smtpHost() default "";

    @AttributeDefinition(description = "SMTP port")
    int smtpPort() default 25;

    @AttributeDefinition(description = "SMTP security: none, starttls or ssl")
    String smtpSecurity() default "starttls";

    @AttributeDefinition(description = "SMTP user; empty: no authentication")
    String smtpUser() default "";

    @AttributeDefinition(description = "SMTP password", type = AttributeType.PASSWORD)
    String smtpPassword() default "";

    @AttributeDefinition(description = "Sender address, e.g. 关爱平台 <guanai@example.cn>")
    String smtpFrom() default "";

    @AttributeDefinition(description = "企业微信 group robot webhooks, each school:<id>=<url> or role:<role id>=<url>; "
            + "the URL holds the robot's key, a secret", type = AttributeType.PASSWORD)
    String[] wecomWebhooks() default {};

    @AttributeDefinition(description = "SMS gateway URL; empty: no SMS")
    String smsUrl() default "";

    @AttributeDefinition(description = "SMS gateway HTTP method")
    String smsMethod() default "POST";

    @AttributeDefinition(description = "SMS gateway request headers, each Name=value; {token} is replaced by smsToken, "
            + "e.g. Authorization=Bearer {token}")
    String[] smsHeaders() default {};

    @AttributeDefinition(description = "SMS gateway secret, put where {token} is written", type = AttributeType.PASSWORD)
    String smsToken() default "";

    @AttributeDefinition(description = "SMS request body; {phone} and {text} are replaced, escaped for the content type")
    String smsBody() default "{\"phone\":\"{phone}\",\"text\":\"{text}\"}";

    @AttributeDefinition(description = "SMS request content type (application/json or application/x-www-form-urlencoded)")
    String smsContentType() default "application/json";

    @AttributeDefinition(description = "Attempts of one delivery before it is given up")
    int maxAttempts() default 6;

    @AttributeDefinition(description = "Seconds before the second attempt; each further attempt waits twice as long, "
            + "at most an hour")
    int retrySeconds() default 30;

    @AttributeDefinition(description = "Seconds between two looks for due deliveries")
    int pollSeconds() default 5;

    @AttributeDefinition(description = "Seconds a node holds a claimed delivery; after that another node may take it")
    int leaseSeconds() default 120;

    @AttributeDefinition(description = "Seconds a channel waits for its server to connect and to answer")
    int timeoutSeconds() default 20;
}
