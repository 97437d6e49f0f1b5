package dev.calroom.auth;

import java.net.URI;

/**
 * The OIDC issuer whose tokens the API accepts.
 *
 * @param jwksUri where the issuer publishes its signing keys; when null it is read from the issuer's discovery
 *                document ({@code /.well-known/openid-configuration})
 */
public record OidcSettings(String issuer, String audience, URI jwksUri) {
}
