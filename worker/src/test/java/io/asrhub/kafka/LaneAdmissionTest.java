package io.asrhub.kafka;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaneAdmissionTest {
    @Test
    void longLanesCannotTakeTheReservedSlot() {
        LaneAdmission admission = new LaneAdmission(2, 1);
        assertTrue(admission.tryStart(Lane.LARGE));
        assertFalse(admission.tryStart(Lane.MEDIUM), "medium + large share pool - reserved = 1 slot");
        assertFalse(admission.tryStart(Lane.LARGE));
        assertTrue(admission.tryStart(Lane.SMALL), "the reserved slot is there for the small lane");
        assertFalse(admission.tryStart(Lane.SMALL), "pool is full");
        admission.finished(Lane.LARGE);
        assertTrue(admission.tryStart(Lane.SMALL), "small may also use the shared slots");
        assertEquals(2, admission.inFlight(Lane.SMALL));
    }

    @Test
    void singleSlotPoolServesEveryLane() {
        LaneAdmission admission = new LaneAdmission(1, 1);
        assertTrue(admission.tryStart(Lane.LARGE));
        admission.finished(Lane.LARGE);
        assertTrue(admission.tryStart(Lane.MEDIUM));
    }

    @Test
    void reservationMustLeaveASlotForTheOtherLanes() {
        assertThrows(IllegalArgumentException.class, () -> new LaneAdmission(3, 3));
    }

    @Test
    void routerUsesDurationThenSize() {
        LaneRouter r = LaneRouter.DEFAULT;
        assertEquals(Lane.SMALL, r.route(29_999L, 50_000_000));
        assertEquals(Lane.MEDIUM, r.route(30_000L, 0));
        assertEquals(Lane.LARGE, r.route(300_000L, 0));
        assertEquals(Lane.SMALL, r.route(null, 999_999));
        assertEquals(Lane.LARGE, r.route(null, 10_000_000));
    }
}
