package io.paramavg.worker.average;

import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.train.ShardResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParameterSumTest {
    private static ShardResult result(float p0, float p1, float state, long examples, double loss) {
        return new ShardResult(new float[] {p0, p1}, new float[] {state}, examples, loss, 0, 1, 10, "e");
    }

    @Test
    void averageIsWeightedByExampleCount() {
        ModelState mean = new ParameterSum()
                .add(result(1, 10, 2, 30, 3.0))
                .add(result(3, 20, 4, 10, 1.0))
                .average(7, 1);
        assertArrayEquals(new float[] {1.5f, 12.5f}, mean.parameters(), 1e-7f);
        assertArrayEquals(new float[] {2.5f}, mean.updaterState(), 1e-7f);
        assertEquals(7, mean.iteration());
        assertEquals(1, mean.epoch());
    }

    @Test
    void mergeOrderDoesNotChangeTheResult() {
        ShardResult a = result(0.1f, -2f, 1f, 7, 1);
        ShardResult b = result(0.3f, 5f, 2f, 13, 2);
        ShardResult c = result(-0.7f, 1f, 3f, 5, 3);
        ParameterSum left = new ParameterSum().add(a).merge(new ParameterSum().add(b).add(c));
        ParameterSum right = new ParameterSum().add(c).merge(new ParameterSum().add(b)).merge(new ParameterSum().add(a));
        assertArrayEquals(left.average(0, 0).parameters(), right.average(0, 0).parameters(), 1e-7f);
        assertEquals(25, left.examples());
        assertEquals(6.0 / 25, left.meanLoss(), 1e-12);
        assertEquals(3, right.shards());
    }

    @Test
    void aSingleShardComesBackBitForBit() {
        float[] parameters = {0.123456789f, -3.3e-7f, 1e6f};
        ShardResult only = new ShardResult(parameters, new float[0], 31, 0, 0, 1, 0, "e");
        assertArrayEquals(parameters, new ParameterSum().add(only).average(0, 0).parameters());
    }

    @Test
    void shardsWithoutExamplesAddNothingAndAnEmptySumCannotBeAveraged() {
        ParameterSum sum = new ParameterSum().add(result(9, 9, 9, 0, 0));
        assertThrows(IllegalStateException.class, () -> sum.average(0, 0));
        sum.add(result(1, 2, 3, 4, 0));
        assertArrayEquals(new float[] {1, 2}, sum.average(0, 0).parameters());
    }

    @Test
    void differentArchitecturesCannotBeMerged() {
        ParameterSum sum = new ParameterSum().add(result(1, 2, 3, 4, 0));
        ShardResult other = new ShardResult(new float[3], new float[1], 1, 0, 0, 1, 0, "e");
        assertThrows(IllegalArgumentException.class, () -> sum.add(other));
    }
}
