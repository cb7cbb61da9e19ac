package io.paramavg.worker.link;

/**
 * What the accepting end of a connection knows of the {@link Roles} it expects: its own rank and the
 * number of ranks, or {@link #ANY_RANKS} where the count comes from the client (the coordinator, which
 * learns each stage's size from its tasks and checks their registration against the bound count).
 *
 * @param rank  this end's rank, or {@link Roles#COORDINATOR}
 * @param ranks the stage attempt's rank count, or {@link #ANY_RANKS}
 */
public record ServerRole(int rank, int ranks) {
    /** The count of ranks is the client's to say. */
    public static final int ANY_RANKS = -1;
    /** The coordinator's role. */
    public static final ServerRole COORDINATOR = new ServerRole(Roles.COORDINATOR, ANY_RANKS);
}
