package dev.calroom.sync;

/** A feed could not be fetched. The message names the host at most, never the full URL. */
public final class FetchException extends Exception {

    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
