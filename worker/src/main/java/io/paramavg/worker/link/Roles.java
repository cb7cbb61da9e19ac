package io.paramavg.worker.link;

import java.nio.ByteBuffer;

/**
 * Which ranks a connection joins, as the {@link Handshake} binds them into both proofs: the client's
 * rank, the server's rank and the number of ranks. A server checks the client's proof over the rank the
 * client claims and its own rank; a client checks the server's over the rank it meant to reach. So a
 * connection relayed to another rank's listener, or a claim of another rank, fails a proof instead of
 * carrying a rank's segments to the wrong place.
 *
 * @param client the connecting rank
 * @param server the accepting rank, or {@link #COORDINATOR} for the driver's coordinator
 * @param ranks  the number of ranks of the stage attempt
 */
public record Roles(int client, int server, int ranks) {
    /** The server rank of the driver's coordinator, which is no rank of the stage. */
    public static final int COORDINATOR = -1;
    /** Bytes of the three fields on the wire and in the MACs. */
    static final int BYTES = 12;

    /** The fields as they are sent and MACed: three big-endian ints. */
    byte[] bytes() {
        return ByteBuffer.allocate(BYTES).putInt(client).putInt(server).putInt(ranks).array();
    }

    /** These roles as the server at the other end sees them: its own rank, and its count of ranks if it has one. */
    Roles asSeenBy(int serverRank, int serverRanks) {
        return new Roles(client, serverRank, serverRanks < 0 ? ranks : serverRanks);
    }
}
