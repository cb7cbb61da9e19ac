package io.paramavg.driver.engine;

import io.paramavg.worker.exchange.CoordinatorClient;
import io.paramavg.worker.exchange.ExchangeException;
import io.paramavg.worker.exchange.RoundStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver's coordinator with task clients on threads: rendezvous, round reports, stale stages. */
class CoordinatorTest {

    @Test
    void everyRankLearnsRankZerosAddressOnceAllRegisteredAndRoundsArrive() throws Exception {
        try (Coordinator coordinator = Coordinator.start("127.0.0.1")) {
            coordinator.expect(5);
            CompletableFuture<CoordinatorClient.Root> member = CompletableFuture.supplyAsync(() -> {
                try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", coordinator.port(), 5000)) {
                    return client.register(5, 0, 1, 2, "exec-b", "127.0.0.1", 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (CoordinatorClient root = CoordinatorClient.connect("127.0.0.1", coordinator.port(), 5000)) {
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

    @Test
    void aTaskOfAnotherStageIsRefused() throws Exception {
        try (Coordinator coordinator = Coordinator.start("127.0.0.1")) {
            coordinator.expect(2);
            try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", coordinator.port(), 5000)) {
                ExchangeException e = assertThrows(ExchangeException.class,
                        () -> client.register(1, 0, 0, 1, "exec", "127.0.0.1", 1));
                assertTrue(e.getMessage().contains("not expected"), e.getMessage());
            }
        }
    }
}
