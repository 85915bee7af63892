package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long a punch runs alone: a floor for a busy machine, more for long round trips, never much past a second. */
class RelayBudgetTest {

    @Test
    void theBudgetGrowsWithTheRoundTripWithinItsBounds() {
        assertEquals(RelayBudget.MIN_MILLIS, RelayBudget.millis(null), "not measured: the floor");
        assertEquals(RelayBudget.MIN_MILLIS, RelayBudget.millis(Duration.ZERO), "a LAN: the floor");
        assertEquals(820, RelayBudget.millis(Duration.ofMillis(40)), "the lab at 20 ms per uplink: 80 ms peer RTT");
        assertEquals(RelayBudget.MAX_MILLIS, RelayBudget.millis(Duration.ofMillis(100)), "capped");
        assertEquals(RelayBudget.MAX_MILLIS, RelayBudget.millis(Duration.ofSeconds(5)));
    }
}
