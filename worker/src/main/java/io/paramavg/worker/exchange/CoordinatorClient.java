package io.paramavg.worker.exchange;

import io.paramavg.worker.link.Dialer;
import io.paramavg.worker.link.Handshake;
import io.paramavg.worker.link.Link;
import io.paramavg.worker.link.Roles;
import io.paramavg.worker.link.Security;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A task's connection to the coordinator on the driver: one registration per stage attempt (which is
 * the rendezvous: the reply comes when every rank has registered, and names rank 0's address), then,
 * from rank 0 only, one small report per round so the driver can show progress as it happens.
 *
 * <p>The wire protocol, shared with the driver's coordinator: first the {@link Handshake} (context
 * {@link #CONTEXT}, binding the task's rank and rank count, which its registration must repeat), then
 * over its {@link Link} the task sends {@code MAGIC, stage,
 * attempt, rank, ranks, executor (UTF), host (UTF), port}; the coordinator answers {@code OK, host
 * (UTF), port} or {@code REFUSED, reason (UTF)}; rank 0 then sends {@code ROUND} followed by a
 * {@link RoundStats} per round.
 */
public final class CoordinatorClient implements AutoCloseable {
    public static final int MAGIC = 0x50415243; // "PARC"
    public static final byte OK = 1;
    public static final byte REFUSED = 2;
    public static final byte ROUND = 'R';
    /** The handshake context of a connection to the coordinator. */
    public static final String CONTEXT = "paramavg coordinator";

    /** Where rank 0 listens for the other ranks. */
    public record Root(String host, int port) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String where;

    private CoordinatorClient(Link link, String where) {
        this.socket = link.socket();
        this.where = where;
        this.in = link.in();
        this.out = link.out();
    }

    /**
     * Connects to the coordinator at {@code host:port} and proves this task, rank {@code rank} of
     * {@code ranks}, knows the run's secret (and checks the coordinator does) within {@code handshakeMillis};
     * registration may then wait up to {@code timeoutMillis}.
     */
    public static CoordinatorClient connect(String host, int port, Security security, int rank, int ranks,
                                            long handshakeMillis, long timeoutMillis) throws IOException {
        String where = host + ":" + port;
        try {
            // Dialled again, with back-off, while the coordinator's handshake slots are crowded by strangers:
            // the registration deadline bounds it all.
            Link link = Dialer.dial(new InetSocketAddress(host, port), security, CONTEXT,
                    new Roles(rank, Roles.COORDINATOR, ranks), socket -> { }, handshakeMillis, timeoutMillis);
            link.socket().setTcpNoDelay(true);
            link.socket().setSoTimeout((int) timeoutMillis);
            return new CoordinatorClient(link, where);
        } catch (IOException e) {
            throw new ExchangeException("cannot reach the paramavg coordinator on the driver at " + where + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Registers this task and waits (up to the connection's timeout) until every rank of the stage
     * attempt has: returns rank 0's address. {@code port} is rank 0's listening port, 0 for others.
     */
    public Root register(long stage, int attempt, int rank, int ranks, String executor, String host, int port)
            throws IOException {
        try {
            out.writeInt(MAGIC);
            out.writeLong(stage);
            out.writeInt(attempt);
            out.writeInt(rank);
            out.writeInt(ranks);
            out.writeUTF(executor);
            out.writeUTF(host);
            out.writeInt(port);
            out.flush();
            byte answer = in.readByte();
            if (answer == REFUSED) {
                throw new ExchangeException("the coordinator at " + where + " refused rank " + rank + ": "
                        + in.readUTF());
            }
            if (answer != OK) {
                throw new ExchangeException("the coordinator at " + where + " answered " + answer);
            }
            return new Root(in.readUTF(), in.readInt());
        } catch (SocketTimeoutException e) {
            throw new ExchangeException("rank " + rank + ": not every rank of the stage registered with the "
                    + "coordinator at " + where + " in time", e);
        }
    }

    /** Rank 0: reports a finished round. */
    public void report(RoundStats stats) throws IOException {
        out.writeByte(ROUND);
        stats.write(out);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
