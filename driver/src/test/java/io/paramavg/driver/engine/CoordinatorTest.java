package io.paramavg.driver.engine;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.worker.exchange.CoordinatorClient;
import io.paramavg.worker.exchange.ExchangeException;
import io.paramavg.worker.exchange.RoundStats;
import io.paramavg.worker.link.Acceptor;
import io.paramavg.worker.link.HandshakeException;
import io.paramavg.worker.link.RunSecret;
import io.paramavg.worker.link.Security;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver's coordinator with task clients on threads: rendezvous, round reports, stale stages, and
 * strangers (no secret, garbage, silence, a huge length field) who are closed without a word, register
 * nothing and hold up nobody.
 */
class CoordinatorTest {
    private final Security security = new Security(RunSecret.generate(), false);

    private CompletableFuture<CoordinatorClient.Root> register(Coordinator coordinator, Security as, long stage,
                                                               int rank, int ranks) {
        return CompletableFuture.supplyAsync(() -> {
            try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", coordinator.port(),
                    as.forStage(stage), rank, ranks, 5000, 20_000)) {
                return client.register(stage, 0, rank, ranks, "exec-" + rank, "127.0.0.1", 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void everyRankLearnsRankZerosAddressOnceAllRegisteredAndRoundsArrive() throws Exception {
        for (boolean encrypt : new boolean[] {false, true}) {
            Security run = new Security(RunSecret.generate(), encrypt);
            try (Coordinator coordinator = Coordinator.start("127.0.0.1", run)) {
                coordinator.expect(5);
                CompletableFuture<CoordinatorClient.Root> member = register(coordinator, run, 5, 1, 2);
                try (CoordinatorClient root = CoordinatorClient.connect("127.0.0.1", coordinator.port(), run.forStage(5), 0,
                        2, 5000, 5000)) {
                    CoordinatorClient.Root address = root.register(5, 0, 0, 2, "exec-a", "10.0.0.7", 4242);
                    assertEquals(new CoordinatorClient.Root("10.0.0.7", 4242), address);
                    assertEquals(address, member.get(5, TimeUnit.SECONDS));
                    root.report(new RoundStats(0, 0, 2.5, 64, 40, 1_000_000, 2_000_000, true));
                    root.report(new RoundStats(0, 1, 2.0, 64, 50, 1_000_000, 2_000_000, true));
                }
                List<Coordinator.Event> events = new ArrayList<>();
                for (Coordinator.Event e = coordinator.poll(2000); e != null && events.size() < 5;
                     e = coordinator.poll(2000)) {
                    events.add(e);
                }
                assertEquals(5, events.size(), events.toString());
                assertEquals(2, events.stream().filter(e -> e instanceof Coordinator.Registered).count());
                assertInstanceOf(Coordinator.Started.class, events.get(2));
                assertEquals(0, ((Coordinator.Round) events.get(3)).stats().round());
                assertEquals(1, ((Coordinator.Round) events.get(4)).stats().round());
            }
        }
    }

    @Test
    void aTaskOfAnotherStageIsRefusedWithoutLearningTheCurrentOne() throws Exception {
        try (Coordinator coordinator = Coordinator.start("127.0.0.1", security)) {
            coordinator.expect(0x5eed_5eedL);
            try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", coordinator.port(), security.forStage(0x5eed_5eedL),
                    0, 1, 5000, 5000)) {
                ExchangeException e = assertThrows(ExchangeException.class,
                        () -> client.register(1, 0, 0, 1, "exec", "127.0.0.1", 1));
                assertTrue(e.getMessage().contains("not expected"), e.getMessage());
                assertFalse(e.getMessage().contains("5eed5eed"), e.getMessage());
            }
        }
    }

    @Test
    void anEarlierStagesSecretAndTheRunsOwnOpenNothingOnceTheNextStageIsExpected() throws Exception {
        try (Coordinator coordinator = Coordinator.start("127.0.0.1", security)) {
            coordinator.expect(7);
            assertEquals(new CoordinatorClient.Root("127.0.0.1", 0), register(coordinator, security, 7, 0, 1)
                    .get(5, TimeUnit.SECONDS));
            coordinator.expect(8);
            // A key read from stage 7's closure (or the run's secret, which no closure carries) fails the handshake.
            for (Security stale : List.of(security.forStage(7), security)) {
                ExchangeException refused = assertThrows(ExchangeException.class, () -> CoordinatorClient.connect(
                        "127.0.0.1", coordinator.port(), stale, 0, 1, 5000, 5000));
                assertInstanceOf(HandshakeException.class, refused.getCause());
            }
            assertEquals(new CoordinatorClient.Root("127.0.0.1", 0), register(coordinator, security, 8, 0, 1)
                    .get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aRegistrationForAnotherRankThanItsHandshakeBoundIsClosedWithoutAnAnswer() throws Exception {
        try (Coordinator coordinator = Coordinator.start("127.0.0.1", security)) {
            coordinator.expect(3);
            try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", coordinator.port(), security.forStage(3),
                    1, 2, 5000, 5000)) {
                assertThrows(java.io.EOFException.class, () -> client.register(3, 0, 0, 2, "exec", "127.0.0.1", 1));
            }
            // Rank 0's place is still free for the task that proves it is rank 0.
            CompletableFuture<CoordinatorClient.Root> member = register(coordinator, security, 3, 1, 2);
            try (CoordinatorClient root = CoordinatorClient.connect("127.0.0.1", coordinator.port(), security.forStage(3), 0, 2,
                    5000, 5000)) {
                assertEquals(new CoordinatorClient.Root("10.0.0.7", 4242),
                        root.register(3, 0, 0, 2, "exec-a", "10.0.0.7", 4242));
                assertEquals(new CoordinatorClient.Root("10.0.0.7", 4242), member.get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void silentConnectionsFillingEveryHandshakeSlotDoNotKeepTheStagesTasksFromRegistering() throws Exception {
        List<Socket> flood = new ArrayList<>();
        try (Coordinator coordinator = Coordinator.start("127.0.0.1", security)) {
            coordinator.expect(11);
            // More silent connections than the coordinator has handshake slots, all from this host, as the
            // probe of issue 29 held them: the tasks' connections evict the oldest and are dialled again if
            // they are evicted in turn.
            for (int i = 0; i < Acceptor.Limits.COORDINATOR.slots() + 40; i++) {
                flood.add(new Socket("127.0.0.1", coordinator.port()));
            }
            CompletableFuture<CoordinatorClient.Root> member = register(coordinator, security, 11, 1, 2);
            try (CoordinatorClient root = CoordinatorClient.connect("127.0.0.1", coordinator.port(), security.forStage(11), 0, 2,
                    20_000, 20_000)) {
                assertEquals(new CoordinatorClient.Root("10.0.0.7", 4242),
                        root.register(11, 0, 0, 2, "exec-a", "10.0.0.7", 4242));
            }
            assertEquals(new CoordinatorClient.Root("10.0.0.7", 4242), member.get(30, TimeUnit.SECONDS));
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
    }

    @Test
    void aTaskOfTheRunClaimingMoreRanksThanTheLimitOrANegativeOrOutOfRangeRankIsNotRegistered() throws Exception {
        try (Coordinator coordinator = Coordinator.start("127.0.0.1", security)) {
            coordinator.expect(4);
            // More ranks than a stage may have: closed before anything is sized by the count.
            try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", coordinator.port(), security.forStage(4), 0,
                    (1 << 16) + 1, 5000, 5000)) {
                assertThrows(java.io.EOFException.class,
                        () -> client.register(4, 0, 0, (1 << 16) + 1, "exec", "127.0.0.1", 1));
            }
            for (int rank : new int[] {-1, 2}) {
                try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", coordinator.port(), security.forStage(4),
                        rank, 2, 5000, 5000)) {
                    ExchangeException e = assertThrows(ExchangeException.class,
                            () -> client.register(4, 0, rank, 2, "exec", "127.0.0.1", 1));
                    assertTrue(e.getMessage().endsWith("refused rank " + rank + ": stage 4 rank " + rank
                            + " of 2 is not expected: that stage is over"), e.getMessage());
                }
            }
            assertNull(coordinator.poll(200), "nothing registered");
        }
    }

    @Test
    void strangersAreClosedWithoutAWordAndTheStagesTasksStillMeet() throws Exception {
        try (Coordinator coordinator = Coordinator.start("127.0.0.1", security)) {
            coordinator.expect(9);
            // Registered first, the way the attack of 2026-11-30 did: with another secret...
            ExchangeException forged = assertThrows(ExchangeException.class, () -> CoordinatorClient.connect(
                    "127.0.0.1", coordinator.port(), new Security(RunSecret.generate(), false), 0, 1, 5000, 5000));
            assertInstanceOf(HandshakeException.class, forged.getCause());
            assertTrue(forged.getMessage().contains("did not prove"), forged.getMessage());
            // ...with the old plain registration, a length field as large as it gets, garbage, and silence.
            List<Socket> strangers = new ArrayList<>();
            ByteArrayOutputStream registration = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(registration);
            out.writeInt(CoordinatorClient.MAGIC);
            out.writeLong(9);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(Integer.MAX_VALUE);
            Socket old = send(coordinator.port(), registration.toByteArray());
            strangers.add(old);
            byte[] bytes = new byte[1 << 16];
            new Random(5).nextBytes(bytes);
            Socket garbage = send(coordinator.port(), bytes);
            strangers.add(garbage);
            strangers.add(new Socket("127.0.0.1", coordinator.port()));

            CompletableFuture<CoordinatorClient.Root> rank1 = register(coordinator, security, 9, 1, 2);
            CompletableFuture<CoordinatorClient.Root> rank0 = register(coordinator, security, 9, 0, 2);
            assertEquals(rank0.get(20, TimeUnit.SECONDS), rank1.get(20, TimeUnit.SECONDS));
            assertTrue(heardNothing(old), "a refused stranger must hear nothing");
            assertTrue(heardNothing(garbage), "a refused stranger must hear nothing");
            List<String> executors = new ArrayList<>();
            for (Coordinator.Event e = coordinator.poll(500); e != null; e = coordinator.poll(500)) {
                if (e instanceof Coordinator.Registered registered) {
                    executors.add(registered.executor());
                }
            }
            assertEquals(List.of("exec-0", "exec-1"), executors.stream().sorted().toList());
            for (Socket stranger : strangers) {
                stranger.close();
            }
        }
    }

    /** A stranger's connection that sent {@code bytes} (the coordinator may close it before they are all sent). */
    private static Socket send(int port, byte[] bytes) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        try {
            socket.getOutputStream().write(bytes);
        } catch (SocketException closedAlready) {
            // Refused after the first bytes: what the test wants.
        }
        return socket;
    }

    /** Whether the other end closed without sending a byte (a reset counts: nothing was said). */
    private static boolean heardNothing(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void aClusterMasterWithoutSparkAuthenticationIsWarnedAboutOnce() {
        SparkConf open = new SparkConf(false).set("spark.master", "spark://head:7077");
        String warning = SparkAuthCheck.warning(open).orElseThrow();
        assertTrue(warning.startsWith("spark.authenticate is off on master spark://head:7077"), warning);
        assertTrue(warning.contains("spark.authenticate=true"), warning);
        assertNull(SparkAuthCheck.warning(open.clone().set("spark.authenticate", "true")
                .set("spark.network.crypto.enabled", "true")).orElse(null));
        assertNull(SparkAuthCheck.warning(new SparkConf(false).set("spark.master", "local[2]")).orElse(null));
        assertNull(SparkAuthCheck.warning(new SparkConf(false).set("spark.master", "local")).orElse(null));
    }

    @Test
    void aClusterRunWithoutSparkAuthenticationIsRefusedUnlessTheUserOptsOut() {
        SparkConf open = new SparkConf(false).set("spark.master", "local-cluster[2,1,1024]");
        ConfigException refused = assertThrows(ConfigException.class, () -> SparkAuthCheck.check(open, false));
        assertTrue(refused.getMessage().startsWith("spark.authenticate is off on master local-cluster[2,1,1024]"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("--set train.allow-unauthenticated-spark=true"), refused.getMessage());
        SparkAuthCheck.check(open, true); // a warning, not a refusal
        SparkAuthCheck.check(new SparkConf(false).set("spark.master", "local[2]"), false);
        // Authenticated but in clear: warned about, never refused.
        SparkAuthCheck.check(new SparkConf(false).set("spark.master", "yarn").set("spark.authenticate", "true"), false);
    }

    @Test
    void authenticationWithoutSparksRpcEncryptionIsWarnedAboutBecauseTheSecretCrossesInClear() {
        SparkConf clear = new SparkConf(false).set("spark.master", "yarn").set("spark.authenticate", "true");
        String warning = SparkAuthCheck.warning(clear).orElseThrow();
        assertTrue(warning.startsWith("spark.network.crypto.enabled is off on master yarn"), warning);
        assertTrue(warning.contains("per-run secret cross the network in clear"), warning);
    }

    @Test
    void aLocalClusterMasterRunsSeparateExecutorProcessesAndIsWarnedAboutAsACluster() {
        String warning = SparkAuthCheck.warning(new SparkConf(false).set("spark.master", "local-cluster[2,1,1024]"))
                .orElseThrow();
        assertTrue(warning.startsWith("spark.authenticate is off on master local-cluster[2,1,1024]"), warning);
    }
}
