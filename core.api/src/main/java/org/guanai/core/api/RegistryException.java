package org.guanai.core.api;

/** Base of the exceptions the registry services throw for a request they refuse. Nothing was stored. */
public abstract class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected RegistryException(String message) {
        super(message);
    }
}
