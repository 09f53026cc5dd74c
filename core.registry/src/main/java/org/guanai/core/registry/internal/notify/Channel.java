package org.guanai.core.registry.internal.notify;

/** A way out of the platform: email, a 企业微信 group robot, an SMS gateway. The console inbox is not one: it is written with the notice. */
interface Channel {
    String EMAIL = "email";
    String WECOM = "wecom";
    String SMS = "sms";

    /** @return the channel's id, as in preferences and configuration */
    String id();

    /**
     * Sends one message to {@code target} (an address, a mobile number, a webhook's configuration key).
     *
     * @throws DeliveryFailure when the receiver refused it or could not be reached; its message holds no secret
     */
    void send(Outgoing message, String target) throws DeliveryFailure;

    /** A failed attempt; the message is masked by {@link Secrets} before it is stored or logged. */
    final class DeliveryFailure extends Exception {
        private static final long serialVersionUID = 1L;

        DeliveryFailure(String message) {
            super(message, null, false, false);
        }
    }
}
