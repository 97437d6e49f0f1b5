package dev.calroom.fetch;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AddressPolicyTest {

    private final AddressPolicy production = new AddressPolicy(false);
    private final AddressPolicy local = new AddressPolicy(true);

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void refuses_internalAddresses_inEveryForm() throws Exception {
        assertEquals("loopback address", production.refusal(ip("127.0.0.1")));
        assertEquals("loopback address", production.refusal(ip("::1")));
        assertEquals("private address", production.refusal(ip("10.1.2.3")));
        assertEquals("private address", production.refusal(ip("172.20.0.1")));
        assertEquals("private address", production.refusal(ip("192.168.1.1")));
        assertEquals("private address", production.refusal(ip("fd00:ec2::254")));
        assertEquals("private address", production.refusal(ip("100.100.100.200")));
        assertEquals("link-local address", production.refusal(ip("169.254.169.254")));
        assertEquals("link-local address", production.refusal(ip("169.254.170.2")));
        assertEquals("link-local address", production.refusal(ip("fe80::1")));
        assertEquals("multicast address", production.refusal(ip("224.0.0.1")));
        assertEquals("unspecified address", production.refusal(ip("0.0.0.0")));
        assertEquals("unspecified address", production.refusal(ip("::")));
        assertEquals("link-local address", production.refusal(ip("::ffff:169.254.169.254")));
        assertEquals("loopback address", production.refusal(ip("::ffff:127.0.0.1")));
        assertEquals("private address", production.refusal(ip("64:ff9b::10.0.0.1")));
        assertEquals("link-local address", production.refusal(ip("2002:a9fe:a9fe::1")));
    }

    @Test
    void allows_publicAddresses() throws Exception {
        assertNull(production.refusal(ip("93.184.216.34")));
        assertNull(production.refusal(ip("2606:2800:220:1:248:1893:25c8:1946")));
    }

    @Test
    void localDevelopment_allowsLoopback_butNeverLinkLocal() throws Exception {
        assertNull(local.refusal(ip("127.0.0.1")));
        assertNull(local.refusal(ip("::1")));
        assertEquals("link-local address", local.refusal(ip("169.254.169.254")));
        assertEquals("link-local address", local.refusal(ip("::ffff:169.254.169.254")));
    }
}
