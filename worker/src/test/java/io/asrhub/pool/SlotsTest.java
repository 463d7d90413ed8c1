package io.asrhub.pool;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The borrowing policy: which claim may take which slot. */
class SlotsTest {
    private final Slots slots = new Slots(3, 1, new UtilisationWindow(60_000_000_000L, System::nanoTime));

    @Test
    void ordinaryJobsLeaveTheReservedSlotToSmallJobs() {
        assertNotNull(slots.tryTake(SlotClaim.ORDINARY_JOB));
        assertNotNull(slots.tryTake(SlotClaim.ORDINARY_JOB));
        assertNull(slots.tryTake(SlotClaim.ORDINARY_JOB), "the last slot is reserved");
        assertEquals(0, slots.free(SlotClaim.ORDINARY_JOB));
        assertEquals(1, slots.free(SlotClaim.SMALL_JOB));
        assertNotNull(slots.tryTake(SlotClaim.SMALL_JOB));
        assertNull(slots.tryTake(SlotClaim.PROBE), "all taken");
    }

    @Test
    void aPieceThatMayBorrowTakesAnOrdinarySlotFirstAndBorrowsOnlyWhenNoneIsLeft() {
        Slots.Slot first = slots.tryTake(SlotClaim.PIECE_MAY_BORROW);
        slots.tryTake(SlotClaim.PIECE_MAY_BORROW);
        // Both pieces were charged as ordinary work, so no ordinary slot is left...
        assertNull(slots.tryTake(SlotClaim.ORDINARY_JOB));
        // ...and a third piece borrows the reserved one.
        Slots.Slot borrowed = slots.tryTake(SlotClaim.PIECE_MAY_BORROW);
        assertNotNull(borrowed);
        slots.give(first);
        // The freed slot is ordinary again: the borrowed one still counts as the reserved slot in use.
        assertNotNull(slots.tryTake(SlotClaim.ORDINARY_JOB));
        assertNull(slots.tryTake(SlotClaim.SMALL_JOB));
        slots.give(borrowed);
        assertNull(slots.tryTake(SlotClaim.ORDINARY_JOB), "the reserved slot came back as reserved");
        assertNotNull(slots.tryTake(SlotClaim.SMALL_JOB));
    }

    @Test
    void aSlotGoesBackOnlyOnce() {
        Slots.Slot slot = slots.tryTake(SlotClaim.SMALL_JOB);
        slots.give(slot);
        assertThrows(IllegalStateException.class, () -> slots.give(slot));
        assertEquals(0, slots.taken());
    }
}
