package io.paramavg.worker.exchange;

import io.paramavg.worker.link.Acceptor;
import io.paramavg.worker.link.Dialer;
import io.paramavg.worker.link.Handshake;
import io.paramavg.worker.link.Link;
import io.paramavg.worker.link.Roles;
import io.paramavg.worker.link.ServerRole;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The full mesh of authenticated connections among the ranks of one stage attempt. Every rank listens
 * (rank 0 on the socket {@link #listen} opened before it registered with the coordinator; the others on
 * an ephemeral port of their own host) and connects to rank 0, which then tells every rank where the
 * others listen; rank {@code i} connects to ranks {@code 1..i-1} and accepts ranks {@code i+1..}. Every
 * connection passes the {@link Handshake} for this attempt's session before a byte of the set-up is
 * read, and the handshake binds both ends' ranks and the rank count ({@link Roles}): a connection that
 * reaches another rank than the one it was meant for fails its handshake, and a peer's rank is the one it
 * proved, not one it says afterwards. A stranger's connection is refused on the side and never takes a
 * rank's place. The listeners close once the mesh stands.
 */
final class Mesh implements AutoCloseable {
    /** Socket buffers asked for: room for much of a model in flight, so neither side stalls on the other. */
    static final int SOCKET_BUFFER = 4 << 20;
    /** The longest host name a rank may announce (DNS's limit). */
    private static final int MAX_HOST = 255;

    private final int rank;
    private final int ranks;
    private final Link[] links; // by peer rank; null at this rank

    private Mesh(int rank, int ranks, Link[] links) {
        this.rank = rank;
        this.ranks = ranks;
        this.links = links;
    }

    int rank() {
        return rank;
    }

    int ranks() {
        return ranks;
    }

    /** The connection to {@code peer}. */
    Link link(int peer) {
        return links[peer];
    }

    /** The least send buffer the kernel granted on any connection: what one write can always leave behind. */
    long sendRoom() throws IOException {
        long room = Long.MAX_VALUE;
        for (Link link : links) {
            if (link != null) {
                // Linux reports twice what it reserves for data (the rest is bookkeeping): count half.
                room = Math.min(room, link.socket().getSendBufferSize() / 2);
            }
        }
        return room;
    }

    /** A listening socket bound to {@code host}, on an ephemeral port. */
    static ServerSocket listen(String host, int ranks) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            // Accepted sockets inherit it; the TCP window is agreed at connection time.
            listener.setReceiveBufferSize(SOCKET_BUFFER);
            listener.bind(new InetSocketAddress(InetAddress.getByName(host), 0), Math.max(50, ranks));
        } catch (IOException e) {
            listener.close();
            throw new ExchangeException("cannot listen on " + host + " for the allreduce: " + e.getMessage(), e);
        }
        return listener;
    }

    /** Rank 0: accepts the other ranks on {@code listener}, tells them where each listens, closes it. */
    static Mesh root(ServerSocket listener, int ranks, ExchangeSession session) throws IOException {
        Link[] links = new Link[ranks];
        String[] hosts = new String[ranks];
        int[] ports = new int[ranks];
        long timeout = session.timeoutMillis();
        try (Acceptor acceptor = new Acceptor(listener, session.security(), session.context(),
                new ServerRole(0, ranks), timeout, "paramavg rank 0")) {
            long deadline = System.nanoTime() + timeout * 1_000_000;
            for (int accepted = 1; accepted < ranks; accepted++) {
                Link link = acceptor.next((deadline - System.nanoTime()) / 1_000_000);
                if (link == null) {
                    throw new ExchangeException("rank 0: only " + (accepted - 1) + " of " + (ranks - 1)
                            + " ranks connected within " + timeout + " ms");
                }
                configure(link.socket(), timeout);
                DataInputStream in = link.in();
                int theirRank = proven(link, 1, ranks, links, "rank 0");
                links[theirRank] = link;
                hosts[theirRank] = host(in, theirRank);
                ports[theirRank] = port(in, theirRank);
            }
            for (int r = 1; r < ranks; r++) {
                DataOutputStream out = links[r].out();
                for (int other = 1; other < ranks; other++) {
                    out.writeUTF(hosts[other]);
                    out.writeInt(ports[other]);
                }
                out.flush();
            }
            return new Mesh(0, ranks, links);
        } catch (ExchangeException e) {
            closeAll(links);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeAll(links);
            throw new ExchangeException("rank 0: the other ranks could not connect: " + e, e);
        }
    }

    /**
     * Rank {@code rank} (not 0): connects to rank 0 at {@code rootHost:rootPort}, listening for the higher
     * ranks on {@code host} (the address Spark gave this executor), then meets the others.
     */
    static Mesh member(int rank, int ranks, ExchangeSession session, String rootHost, int rootPort, String host)
            throws IOException {
        if (rank < 1 || rank >= ranks) {
            throw new IllegalArgumentException("member rank: expected 1 to " + (ranks - 1) + ", found " + rank);
        }
        Link[] links = new Link[ranks];
        long timeout = session.timeoutMillis();
        boolean accepts = rank < ranks - 1;
        ServerSocket listener = accepts ? listen(host, ranks) : null;
        try (Acceptor acceptor = accepts ? new Acceptor(listener, session.security(), session.context(),
                new ServerRole(rank, ranks), timeout, "paramavg rank " + rank) : null) {
            Link root = connect(rank, ranks, session, rootHost, rootPort, 0);
            links[0] = root;
            DataOutputStream out = root.out();
            out.writeUTF(host);
            out.writeInt(listener == null ? 0 : listener.getLocalPort());
            out.flush();
            String[] hosts = new String[ranks];
            int[] ports = new int[ranks];
            for (int other = 1; other < ranks; other++) {
                hosts[other] = host(root.in(), other);
                ports[other] = port(root.in(), other);
            }
            for (int lower = 1; lower < rank; lower++) {
                links[lower] = connect(rank, ranks, session, hosts[lower], ports[lower], lower);
            }
            if (acceptor != null) {
                long deadline = System.nanoTime() + timeout * 1_000_000;
                for (int accepted = rank + 1; accepted < ranks; accepted++) {
                    Link link = acceptor.next((deadline - System.nanoTime()) / 1_000_000);
                    if (link == null) {
                        throw new ExchangeException("rank " + rank + ": the ranks above it did not connect within "
                                + timeout + " ms");
                    }
                    configure(link.socket(), timeout);
                    int theirRank = proven(link, rank + 1, ranks, links, "rank " + rank);
                    links[theirRank] = link;
                }
            }
            return new Mesh(rank, ranks, links);
        } catch (ExchangeException e) {
            closeAll(links);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeAll(links);
            throw new ExchangeException("rank " + rank + ": cannot connect to the other ranks (rank 0 at " + rootHost
                    + ":" + rootPort + "): " + e, e);
        }
    }

    private static Link connect(int rank, int ranks, ExchangeSession session, String host, int port, int peer)
            throws IOException {
        long timeout = session.timeoutMillis();
        try {
            // Dialled again, with back-off, if a listener crowded by strangers evicts this connection.
            Link link = Dialer.dial(new InetSocketAddress(host, port), session.security(), session.context(),
                    new Roles(rank, peer, ranks), socket -> socket.setReceiveBufferSize(SOCKET_BUFFER), timeout,
                    timeout);
            configure(link.socket(), timeout);
            return link;
        } catch (IOException e) {
            throw new ExchangeException("rank " + rank + ": cannot connect to rank " + peer + " at " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The rank an accepted peer proved in its handshake, in {@code [from, to)} and not yet connected; the
     * handshake checked the rest of its roles (this rank, the rank count).
     */
    private static int proven(Link link, int from, int to, Link[] links, String who) throws ExchangeException {
        int theirRank = link.peerRank();
        if (theirRank < from || theirRank >= to || links[theirRank] != null) {
            link.close();
            throw new ExchangeException(who + ": a peer of this stage attempt at " + link.remote() + " proved it is "
                    + "rank " + theirRank + "; expected one of ranks " + from + " to " + (to - 1)
                    + " not yet connected");
        }
        return theirRank;
    }

    private static String host(DataInputStream in, int rank) throws IOException {
        String host = in.readUTF();
        if (host.isEmpty() || host.length() > MAX_HOST) {
            throw new ExchangeException("rank " + rank + "'s host: expected 1 to " + MAX_HOST + " characters, found "
                    + host.length());
        }
        return host;
    }

    private static int port(DataInputStream in, int rank) throws IOException {
        int port = in.readInt();
        if (port < 0 || port > 65_535) {
            throw new ExchangeException("rank " + rank + "'s port: expected 0 to 65535, found " + port);
        }
        return port;
    }

    private static void configure(Socket socket, long timeoutMillis) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) timeoutMillis);
        socket.setKeepAlive(true);
        socket.setSendBufferSize(SOCKET_BUFFER);
    }

    @Override
    public void close() {
        closeAll(links);
    }

    private static void closeAll(Link[] links) {
        for (Link link : links) {
            if (link != null) {
                link.close();
            }
        }
    }
}
