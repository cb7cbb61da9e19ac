package io.paramavg.worker.link;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handshake binds which ranks are talking ({@link Roles}): a connection relayed to another rank's
 * listener fails on both ends instead of carrying one rank's segments to another, a client cannot claim
 * a rank other than the one it proves, and each end learns the rank the other proved.
 */
class RankBindingTest {
    private static final long TIMEOUT = 10_000;
    private static final String CONTEXT = "paramavg exchange 7";
    private final Security security = new Security(RunSecret.generate(), false);
    private ServerSocket rankOne;
    private ServerSocket rankTwo;

    @BeforeEach
    void listen() throws IOException {
        rankOne = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        rankTwo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        rankOne.close();
        rankTwo.close();
    }

    @Test
    void eachEndLearnsTheRankTheOtherProved() throws Exception {
        try (Acceptor one = new Acceptor(rankOne, security, CONTEXT, new ServerRole(1, 4), TIMEOUT, "rank 1");
             Link client = Handshake.connect(new Socket(InetAddress.getLoopbackAddress(), rankOne.getLocalPort()),
                     security, CONTEXT, new Roles(3, 1, 4), TIMEOUT);
             Link accepted = one.next(TIMEOUT)) {
            assertEquals(1, client.peerRank());
            assertEquals(3, accepted.peerRank());
            assertEquals(new Roles(3, 1, 4), accepted.roles());
        }
    }

    @Test
    void aConnectionMeantForRankOneThatARelayCarriesToRankTwoFailsOnBothEnds() throws Exception {
        // Rank 3 dials rank 1's address; someone on the path carries it to rank 2's listener, which accepts
        // ranks above 2, so rank 3 is a peer it expects: without the ranks in the handshake both ends would
        // go on, rank 3 sending rank 1's segments to rank 2.
        try (Acceptor two = new Acceptor(rankTwo, security, CONTEXT, new ServerRole(2, 4), TIMEOUT, "rank 2");
             Relay relay = new Relay(rankTwo.getLocalPort(), Relay.Mode.FORWARD, Long.MAX_VALUE)) {
            HandshakeException e = assertThrows(HandshakeException.class, () -> Handshake.connect(
                    new Socket(InetAddress.getLoopbackAddress(), relay.port()), security, CONTEXT,
                    new Roles(3, 1, 4), TIMEOUT));
            assertTrue(e.getMessage().endsWith("did not prove it knows this run's secret and is rank 1 of 4"),
                    e.getMessage());
            assertNull(two.next(500), "rank 2 must not take the relayed connection as rank 3's");
        }
    }

    @Test
    void aPeerThatDisagreesOnTheRankCountIsRefused() throws Exception {
        try (Acceptor one = new Acceptor(rankOne, security, CONTEXT, new ServerRole(1, 4), TIMEOUT, "rank 1")) {
            assertThrows(HandshakeException.class, () -> Handshake.connect(
                    new Socket(InetAddress.getLoopbackAddress(), rankOne.getLocalPort()), security, CONTEXT,
                    new Roles(3, 1, 5), TIMEOUT));
            assertNull(one.next(500));
        }
    }

    @Test
    void aClientThatClaimsOneRankButProvesAnotherIsRefused() throws Exception {
        try (Acceptor one = new Acceptor(rankOne, security, CONTEXT, new ServerRole(1, 4), TIMEOUT, "rank 1");
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), rankOne.getLocalPort())) {
            // A client that knows the secret says it is rank 3 but signs the transcript as rank 2.
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] clientNonce = RunSecret.randomBytes(Handshake.NONCE_BYTES);
            out.writeInt(Handshake.MAGIC);
            out.write(clientNonce);
            out.write(new Roles(3, 1, 4).bytes());
            out.flush();
            assertEquals(Handshake.MAGIC, in.readInt());
            byte[] serverNonce = new byte[Handshake.NONCE_BYTES];
            in.readFully(serverNonce);
            in.readFully(new byte[Handshake.MAC_BYTES]);
            out.write(security.secret().mac("client proof", CONTEXT + "; frames in clear", clientNonce, serverNonce,
                    new Roles(2, 1, 4).bytes()));
            out.flush();
            assertEquals(-1, in.read(), "refused without a word");
            assertNull(one.next(500));
        }
    }
}
