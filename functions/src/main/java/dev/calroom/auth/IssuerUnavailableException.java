package dev.calroom.auth;

/** The identity provider could not be reached to verify a token (discovery or its key set failed). */
public final class IssuerUnavailableException extends RuntimeException {

    public IssuerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
