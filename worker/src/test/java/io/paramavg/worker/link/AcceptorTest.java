package io.paramavg.worker.link;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strangers on a listener cost neither a place nor a wait: a silent one does not hold up a peer that
 * proves itself, and only the peer's connection comes out; a flood that fills every handshake slot loses
 * its own oldest connections, not the peer's; a connection that sends nothing is dropped at the opening
 * deadline; closing ends the handshakes in progress; an accept error does not end accepting; an address
 * the acceptor does not admit is closed at once. A refused address is named once while remembered, and the
 * record is bounded.
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
    void aFloodOfSilentConnectionsFillingEverySlotDoesNotKeepOutAPeerThatProvesItself() throws Exception {
        Security security = new Security(RunSecret.generate(), false);
        List<Socket> flood = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
             Acceptor acceptor = new Acceptor(listener, security, "ctx", new ServerRole(0, 2), 60_000, "test")) {
            // Every slot held by a silent stranger and then some (from one address, as a local process would).
            for (int i = 0; i < Acceptor.Limits.TASK.slots() + 16; i++) {
                flood.add(new Socket(listener.getInetAddress(), listener.getLocalPort()));
            }
            Link peer = Dialer.dial(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), security,
                    "ctx", new Roles(1, 0, 2), socket -> { }, 30_000, 30_000);
            peer.out().writeInt(7);
            peer.out().flush();
            Link accepted = acceptor.next(30_000);
            assertNotNull(accepted, "the peer's connection did not come out of the acceptor");
            assertEquals(7, accepted.in().readInt());
            assertTrue(acceptor.inFlight() <= Acceptor.Limits.TASK.perSource(), "in flight: " + acceptor.inFlight());
            peer.close();
            accepted.close();
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
    }

    @Test
    void pastItsCapAnAddressLosesItsOwnOldestConnectionNotAnotherAddresssConnection() throws Exception {
        Security security = new Security(RunSecret.generate(), false);
        Acceptor.Limits limits = new Acceptor.Limits(8, 2, 60_000);
        InetAddress flooder = InetAddress.getByName("127.0.0.81");
        InetAddress other = InetAddress.getByName("127.0.0.82");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Acceptor acceptor = new Acceptor(listener, security, "ctx", new ServerRole(0, 2), limits, 60_000,
                     "test");
             Socket bystander = new Socket(listener.getInetAddress(), listener.getLocalPort(), other, 0);
             Socket oldest = new Socket(listener.getInetAddress(), listener.getLocalPort(), flooder, 0);
             Socket second = new Socket(listener.getInetAddress(), listener.getLocalPort(), flooder, 0);
             Socket third = new Socket(listener.getInetAddress(), listener.getLocalPort(), flooder, 0)) {
            oldest.setSoTimeout(20_000);
            assertEquals(-1, oldest.getInputStream().read(), "the flooder's oldest connection must be evicted");
            bystander.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> bystander.getInputStream().read(),
                    "another address's connection must keep its slot");
            assertEquals(3, acceptor.inFlight(), "the bystander's and the flooder's two newest");
            assertNotNull(second);
            assertNotNull(third);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsDroppedAtTheOpeningDeadlineNotTheHandshakes() throws Exception {
        Security security = new Security(RunSecret.generate(), false);
        Acceptor.Limits limits = new Acceptor.Limits(8, 8, 200);
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Acceptor acceptor = new Acceptor(listener, security, "ctx", new ServerRole(0, 2), limits, 600_000,
                     "test");
             Socket silent = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
            silent.setSoTimeout(30_000);
            assertEquals(-1, silent.getInputStream().read(), "closed at the opening deadline, long before 600 s");
            assertNotNull(acceptor);
        }
    }

    @Test
    void closingTheAcceptorEndsTheHandshakesInProgress() throws Exception {
        Security security = new Security(RunSecret.generate(), false);
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (Socket silent = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
            Acceptor acceptor = new Acceptor(listener, security, "ctx", new ServerRole(0, 2), 600_000, "test");
            // Until the acceptor has taken it, closing would only close the listener's backlog.
            while (acceptor.inFlight() == 0) {
                Thread.sleep(10);
            }
            acceptor.close();
            silent.setSoTimeout(30_000);
            assertEquals(-1, silent.getInputStream().read(), "the handshake in progress must end with close()");
        }
    }

    @Test
    void anAcceptErrorIsLoggedAndTheAcceptorGoesOnAccepting() throws Exception {
        Security security = new Security(RunSecret.generate(), false);
        // The first accept fails as it does when the process is out of file descriptors.
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()) {
            private boolean failed;

            @Override
            public Socket accept() throws IOException {
                if (!failed) {
                    failed = true;
                    throw new SocketException("Too many open files");
                }
                return super.accept();
            }
        };
        try (Acceptor acceptor = new Acceptor(listener, security, "ctx", new ServerRole(0, 2), 30_000, "test");
             Link peer = Handshake.connect(new Socket(listener.getInetAddress(), listener.getLocalPort()), security,
                     "ctx", new Roles(1, 0, 2), 30_000);
             Link accepted = acceptor.next(30_000)) {
            assertNotNull(accepted, "the acceptor stopped accepting after one error");
            assertNotNull(peer);
        }
    }

    @Test
    void theRecordOfNamedAddressesIsBoundedAndEachAddressIsNamedOnceWhileRemembered() {
        for (int i = 0; i < RefusedPeers.TRACKED + 500; i++) {
            RefusedPeers.record("test", "10.1." + (i >> 8) + "." + (i & 0xff), "flood", i % 2 == 0);
        }
        assertTrue(RefusedPeers.tracked() <= RefusedPeers.TRACKED, "tracked: " + RefusedPeers.tracked());
        String last = "10.1." + ((RefusedPeers.TRACKED + 499) >> 8) + "." + ((RefusedPeers.TRACKED + 499) & 0xff);
        assertFalse(RefusedPeers.record("test", last, "again", false), "a remembered address is not named twice");
        assertTrue(RefusedPeers.record("test", "10.1.0.0", "again", false), "a forgotten address is named again");
        RefusedPeers.summarise("test");
    }

    @Test
    void anAddressTheAcceptorDoesNotAdmitIsClosedAtOnceAndAPeerFromAnAdmittedOneStillPasses() throws Exception {
        InetAddress stranger = InetAddress.getByName("127.0.0.79");
        Security security = new Security(RunSecret.generate(), false);
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        // Deadlines of a minute: a stranger closed within seconds was closed for its address, not its silence.
        try (Acceptor acceptor = new Acceptor(listener, security, "ctx", new ServerRole(0, 2),
                new Acceptor.Limits(64, 16, 60_000), 60_000, "test")) {
            acceptor.admitOnly(address -> !address.equals(stranger));
            try (Socket refused = new Socket(listener.getInetAddress(), listener.getLocalPort(), stranger, 0)) {
                refused.setSoTimeout(10_000);
                assertEquals(-1, refused.getInputStream().read(), "closed without a word, before the deadlines");
            }
            Link peer = Handshake.connect(new Socket(listener.getInetAddress(), listener.getLocalPort()), security,
                    "ctx", new Roles(1, 0, 2), 30_000);
            Link accepted = acceptor.next(30_000);
            assertNotNull(accepted, "the peer from an admitted address did not come out of the acceptor");
            peer.close();
            accepted.close();
            assertThrows(IllegalArgumentException.class, () -> acceptor.admitOnly(null));
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
