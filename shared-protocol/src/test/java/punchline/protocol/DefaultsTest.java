package punchline.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DefaultsTest {
    @Test
    void theProbePortIsThePortAfterTheServersAnyWhenItTakesAnyAndNoneAfterTheLast() {
        assertEquals(OptionalInt.of(Defaults.SERVER_PORT + 1), Defaults.probePort(Defaults.SERVER_PORT));
        assertEquals(OptionalInt.of(0), Defaults.probePort(0));
        assertEquals(OptionalInt.of(65_535), Defaults.probePort(65_534));
        assertEquals(OptionalInt.empty(), Defaults.probePort(65_535));
    }
}
