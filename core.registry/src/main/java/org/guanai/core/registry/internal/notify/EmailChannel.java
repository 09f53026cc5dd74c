package org.guanai.core.registry.internal.notify;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Email over SMTP with Eclipse Angus Mail (Jakarta Mail), embedded in this bundle: the subject in 中文, the text in UTF-8
 * (中文 then English). Jakarta Mail finds its providers through the thread's context class loader, which is this
 * bundle's while a message is built and sent.
 */
final class EmailChannel implements Channel {
    private final Properties properties = new Properties();
    private final String user;
    private final String password;
    private final String from;

    EmailChannel(NotifyConfig config) {
        String security = config.smtpSecurity().trim().toLowerCase(Locale.ROOT);
        String ms = String.valueOf(Math.max(1, config.timeoutSeconds()) * 1000L);
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.host", config.smtpHost().trim());
        properties.put("mail.smtp.port", String.valueOf(config.smtpPort()));
        properties.put("mail.smtp.connectiontimeout", ms);
        properties.put("mail.smtp.timeout", ms);
        properties.put("mail.smtp.writetimeout", ms);
        properties.put("mail.mime.charset", "UTF-8");
        if (security.equals("starttls")) {
            properties.put("mail.smtp.starttls.enable", "true");
        } else if (security.equals("ssl")) {
            properties.put("mail.smtp.ssl.enable", "true");
            properties.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        this.user = config.smtpUser().trim();
        this.password = config.smtpPassword();
        if (!user.isEmpty()) {
            properties.put("mail.smtp.auth", "true");
        }
        this.from = config.smtpFrom().trim();
    }

    /** The sender, its name (关爱平台) encoded in UTF-8 as headers require. */
    private InternetAddress sender() throws MessagingException, java.io.UnsupportedEncodingException {
        InternetAddress a = new InternetAddress(from.isEmpty() ? "guanai@localhost" : from, false);
        if (a.getPersonal() != null) {
            a.setPersonal(a.getPersonal(), StandardCharsets.UTF_8.name());
        }
        return a;
    }

    @Override
    public String id() {
        return EMAIL;
    }

    @Override
    public void send(Outgoing message, String target) throws DeliveryFailure {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmailChannel.class.getClassLoader());
        try {
            Session session = user.isEmpty() ? Session.getInstance(properties)
                    : Session.getInstance(properties, new Authenticator() {
                        @Override
                        protected PasswordAuthentication getPasswordAuthentication() {
                            return new PasswordAuthentication(user, password);
                        }
                    });
            MimeMessage m = new MimeMessage(session);
            m.setFrom(sender());
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(target, true));
            m.setSubject(message.subjectZh() + " / " + message.subjectEn(), StandardCharsets.UTF_8.name());
            m.setText(message.text(), StandardCharsets.UTF_8.name());
            m.setSentDate(new Date());
            Transport.send(m);
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            throw new DeliveryFailure("SMTP: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
