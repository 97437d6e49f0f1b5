package dev.calroom.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a feed may be fetched from. Public unicast addresses only; loopback may be allowed for local
 * development, link-local (cloud metadata at 169.254.169.254, 169.254.170.2, fd00:ec2::254) never. IPv6 addresses
 * that embed an IPv4 address (mapped, compatible, 6to4, NAT64) are judged by the embedded address.
 */
public record AddressPolicy(boolean allowLoopback) {

    /** Why an address is refused, or null when it is allowed. */
    public String refusal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            byte[] embedded = embeddedV4(b);
            if (embedded != null) {
                try {
                    return refusal(InetAddress.getByAddress(embedded));
                } catch (java.net.UnknownHostException e) {
                    return "invalid address";
                }
            }
            if (v6.isLinkLocalAddress() || ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80)) {
                return "link-local address";
            }
            if (v6.isLoopbackAddress()) {
                return allowLoopback ? null : "loopback address";
            }
            if (v6.isAnyLocalAddress()) {
                return "unspecified address";
            }
            if (v6.isMulticastAddress()) {
                return "multicast address";
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "private address"; // fc00::/7 unique local, fd00:ec2::254 among them
            }
            if (v6.isSiteLocalAddress()) {
                return "private address";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "documentation address";
            }
            return null;
        }
        byte[] b = ((Inet4Address) address).getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 169 && a1 == 254) {
            return "link-local address";
        }
        if (a0 == 127) {
            return allowLoopback ? null : "loopback address";
        }
        if (a0 == 0) {
            return "unspecified address";
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return "private address";
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return "private address"; // carrier-grade NAT, 100.100.100.200 metadata among them
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
            return "private address";
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) {
            return "private address";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "multicast address";
        }
        if (a0 >= 240) {
            return "reserved address";
        }
        return null;
    }

    private static byte[] embeddedV4(byte[] b) {
        boolean zero10 = true;
        for (int i = 0; i < 10; i++) {
            zero10 &= b[i] == 0;
        }
        if (zero10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return new byte[] {b[12], b[13], b[14], b[15]}; // ::ffff:a.b.c.d
        }
        if (zero10 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0)) {
            return new byte[] {b[12], b[13], b[14], b[15]}; // ::a.b.c.d (deprecated compatible form)
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]}; // 2002:a.b.c.d::/48 (6to4)
        }
        if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return new byte[] {b[12], b[13], b[14], b[15]}; // 64:ff9b::/96 (NAT64)
        }
        return null;
    }
}
