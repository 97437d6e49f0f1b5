package dev.calroom.auth;

/** A bearer token that is malformed, expired, for another audience or issuer, or not signed by the issuer. */
public class InvalidTokenException extends Exception {

    public InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
