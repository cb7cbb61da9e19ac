package io.paramavg.worker.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PermutationsTest {
    @Test
    void splitIsBalancedToWithinOneAndCoversEveryRecordOnce() {
        int[][] shards = Permutations.split(103, 4, 5);
        int[] seen = new int[103];
        for (int[] shard : shards) {
            assertTrue(shard.length == 25 || shard.length == 26, "shard of " + shard.length);
            for (int record : shard) {
                seen[record]++;
            }
        }
        assertTrue(Arrays.stream(seen).allMatch(c -> c == 1));
    }

    @Test
    void sameSeedSameOrderOtherEpochOtherOrder() {
        assertArrayEquals(Permutations.epochOrder(50, 1, 3, 0), Permutations.epochOrder(50, 1, 3, 0));
        assertFalse(Arrays.equals(Permutations.epochOrder(50, 1, 3, 0), Permutations.epochOrder(50, 1, 4, 0)));
        assertFalse(Arrays.equals(Permutations.epochOrder(50, 1, 3, 0), Permutations.epochOrder(50, 1, 3, 1)));
    }

    @Test
    void moreShardsThanRecordsIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Permutations.split(3, 4, 1));
        assertTrue(e.getMessage().startsWith("train.shards must be between 1 and"), e.getMessage());
    }

    @Test
    void roundScheduleGivesSmallerShardsFewerBatchesInTheLastRound() {
        RoundSchedule schedule = new RoundSchedule(33, 4, 3);
        assertEquals(9, schedule.batchesPerEpoch(33));
        assertEquals(3, schedule.roundsPerEpoch());
        assertEquals(3, schedule.batchesInRound(2, 33));
        assertEquals(2, schedule.batchesInRound(2, 32));
        assertEquals(0, schedule.batchesInRound(3, 33));
    }

    @Test
    void theHeldOutValidationRecordsAreSeededDisjointAndCoverTheRest() {
        int[][] split = Permutations.holdOut(1000, 0.2, 42);
        assertEquals(800, split[0].length);
        assertEquals(200, split[1].length);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int[] part : split) {
            for (int record : part) {
                assertTrue(seen.add(record), "record " + record + " is in both parts");
            }
        }
        assertEquals(1000, seen.size());
        assertArrayEquals(split[1], Permutations.holdOut(1000, 0.2, 42)[1], "same seed, same split");
        assertFalse(java.util.Arrays.equals(split[1], Permutations.holdOut(1000, 0.2, 43)[1]), "another seed, another");
        assertEquals(0, Permutations.holdOut(10, 0.0, 42)[1].length);
    }
}
