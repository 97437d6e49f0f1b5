package dev.calroom.fetch;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** What a failed connection means, in words a room owner can act on (never a Java class name). */
final class IoFailures {

    private IoFailures() {
    }

    static String describe(IOException e, String host) {
        return switch (e) {
            case SocketTimeoutException t -> "timed out waiting for the server at " + host;
            case ConnectException c -> "the server at " + host + " refused the connection";
            case NoRouteToHostException n -> "no network route to " + host;
            case UnknownHostException u -> "host " + host + " cannot be resolved";
            case SSLHandshakeException h -> "the TLS handshake with " + host
                    + " failed (untrusted or mismatched certificate, or no common protocol)";
            case SSLException s -> "the TLS connection to " + host + " broke";
            case EOFException eof -> "the server at " + host + " closed the connection early";
            case SocketException s -> "the connection to " + host + " was reset or closed";
            default -> "the connection to " + host + " failed";
        };
    }
}
