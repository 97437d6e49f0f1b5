package dev.calroom.auth;

/** Checks a bearer token and says who it belongs to. */
public interface TokenVerifier {

    /** The token's user; throws {@link InvalidTokenException} when the token is not acceptable. */
    Caller verify(String token) throws InvalidTokenException;
}
