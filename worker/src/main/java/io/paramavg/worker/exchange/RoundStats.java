package io.paramavg.worker.exchange;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;

/**
 * One averaging round as rank 0 saw it: what the driver turns into a round report.
 *
 * @param epoch           0-based epoch
 * @param round           0-based round within the epoch
 * @param meanLoss        mean training loss per example over all ranks
 * @param examples        examples fitted over all ranks
 * @param correct         of them, those the network classified correctly as it trained on them
 * @param computeNanosMax the slowest rank's fitting time
 * @param roundNanos      rank 0's wall time from the round's start to holding the averaged state
 * @param finite          whether the loss and every averaged parameter were finite
 */
public record RoundStats(int epoch, int round, double meanLoss, long examples, long correct, long computeNanosMax,
                         long roundNanos, boolean finite) implements Serializable {

    /** Writes these figures for {@link #read}. */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(epoch);
        out.writeInt(round);
        out.writeDouble(meanLoss);
        out.writeLong(examples);
        out.writeLong(correct);
        out.writeLong(computeNanosMax);
        out.writeLong(roundNanos);
        out.writeBoolean(finite);
    }

    /** Reads what {@link #write} wrote. */
    public static RoundStats read(DataInputStream in) throws IOException {
        return new RoundStats(in.readInt(), in.readInt(), in.readDouble(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(),
                in.readBoolean());
    }
}
