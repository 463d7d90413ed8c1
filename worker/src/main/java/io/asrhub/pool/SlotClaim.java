package io.asrhub.pool;

/**
 * What a slot is taken for. The pool keeps some slots for the small lane; the claim, not the
 * caller, decides whether those may be used ({@link Slots#tryTake} is the one place that policy
 * lives):
 * <ul>
 *   <li>{@link #SMALL_JOB}: any free slot, reserved ones included;</li>
 *   <li>{@link #ORDINARY_JOB}: only an ordinary (unreserved) slot;</li>
 *   <li>{@link #PIECE_MAY_BORROW}: a piece of a long job the caller allows to borrow (no small job
 *       waits): an ordinary slot when one is free, otherwise a reserved one;</li>
 *   <li>{@link #PROBE}: a breaker probe or a blocking caller (CLI): any free slot.</li>
 * </ul>
 */
public enum SlotClaim {
    SMALL_JOB, ORDINARY_JOB, PIECE_MAY_BORROW, PROBE;

    /** The claim of a job of the small lane ({@code small}) or of any other lane. */
    public static SlotClaim job(boolean small) {
        return small ? SMALL_JOB : ORDINARY_JOB;
    }
}
