package io.paramavg.worker.link;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strangers on a listener cost neither a place nor a wait: a silent one does not hold up a peer that
 * proves itself, and only the peer's connection comes out. A refused address is logged once.
 */
class AcceptorTest {

    @Test
    void aSilentStrangerAndAGarbledOneDoNotHoldUpAPeerThatProvesItself() throws Exception {
        Security security = new Security(RunSecret.generate(), false);
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        // The strangers' handshakes could last a minute: a sequential acceptor would keep the peer that long.
        Socket silent = new Socket(listener.getInetAddress(), listener.getLocalPort());
        try (Acceptor acceptor = new Acceptor(listener, security, "ctx", new ServerRole(0, 2), 60_000,
                     "test");
             Socket garbled = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
            garbled.getOutputStream().write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            Link peer = Handshake.connect(new Socket(listener.getInetAddress(), listener.getLocalPort()), security,
                    "ctx", new Roles(1, 0, 2), 30_000);
            peer.out().writeInt(7);
            peer.out().flush();
            Link accepted = acceptor.next(30_000);
            assertNotNull(accepted, "the peer's connection did not come out of the acceptor");
            assertEquals(7, accepted.in().readInt());
            assertEquals(-1, garbled.getInputStream().read(), "the garbled stranger must be closed without a word");
            peer.close();
            accepted.close();
        } finally {
            silent.close();
        }
    }

    @Test
    void aRefusedAddressIsLoggedOnce() throws Exception {
        // A source address of its own, which no other test's refusal has logged in this JVM.
        InetAddress stranger = InetAddress.getByName("127.0.0.78");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket first = new Socket(listener.getInetAddress(), listener.getLocalPort(), stranger, 0);
             Socket second = new Socket(listener.getInetAddress(), listener.getLocalPort(), stranger, 0);
             Socket a = listener.accept();
             Socket b = listener.accept()) {
            assertEquals(stranger, first.getLocalAddress());
            assertEquals(stranger, second.getLocalAddress());
            assertTrue(RefusedPeers.refused("test", a, new java.io.IOException("first")));
            assertFalse(RefusedPeers.refused("test", b, new java.io.IOException("second")));
        }
    }
}
