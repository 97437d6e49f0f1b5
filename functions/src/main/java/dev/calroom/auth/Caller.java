package dev.calroom.auth;

/**
 * An authenticated user, from a verified token.
 *
 * @param sub   the user id (the token's subject)
 * @param email the user's address, or null; only trusted when the issuer did not mark it unverified
 */
public record Caller(String sub, String email, String name) {
}
