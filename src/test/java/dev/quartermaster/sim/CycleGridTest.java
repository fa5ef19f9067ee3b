package dev.quartermaster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CycleGridTest {

    private final List<Long> scheduled = new ArrayList<>();
    private final CycleGrid grid = new CycleGrid(60_000, scheduled::add);

    @Test
    void aChangeAsksForTheNextGridPointOnceAndOnTheGridForNow() {
        grid.changed(61_000);
        grid.changed(90_000);
        grid.changed(120_000);
        assertThat(scheduled).containsExactly(120_000L);
        grid.runs(120_000);
        grid.changed(120_000);   // on the grid: a cycle now
        assertThat(scheduled).containsExactly(120_000L, 120_000L);
    }

    @Test
    void aCycleThatDecidedAsksForAFollowUpAtTheNextGridPoint() {
        grid.changed(0);
        grid.runs(0);
        grid.decided(0);
        assertThat(scheduled).containsExactly(0L, 60_000L);
        grid.changed(30_000);   // a cycle is asked for by then already
        assertThat(scheduled).containsExactly(0L, 60_000L);
    }

    @Test
    void anEarlierCycleIsAskedForBeforeALaterOneAndRunsFirst() {
        grid.changed(0);
        grid.runs(0);
        grid.decided(0);          // a follow-up at 60,000
        grid.changed(-30_000);    // (a clock may start before a grid point) a cycle at 0, before it
        assertThat(scheduled).containsExactly(0L, 60_000L, 0L);
        grid.runs(0);
        grid.runs(60_000);
        assertThatThrownBy(() -> grid.runs(120_000)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void followUpsStopAfterAnHourUnlessSomethingChanges() {
        long now = 0;
        grid.changed(now);
        for (int i = 0; i <= CycleGrid.MAX_FOLLOW_UPS; i++) {
            grid.runs(now);
            grid.decided(now);
            now += 60_000;
        }
        assertThat(scheduled).hasSize(1 + CycleGrid.MAX_FOLLOW_UPS);   // the last cycle that decided asked for none
        grid.changed(now);
        assertThat(scheduled).hasSize(2 + CycleGrid.MAX_FOLLOW_UPS);
        grid.runs(now);
        grid.decided(now);
        assertThat(scheduled).hasSize(3 + CycleGrid.MAX_FOLLOW_UPS);
    }

    @Test
    void aCycleNotAskedForIsRefused() {
        grid.changed(0);
        assertThatThrownBy(() -> grid.runs(60_000)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("60000");
        assertThatThrownBy(() -> new CycleGrid(0, at -> {})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tick must be positive");
    }
}
