package io.portcullis.controlplane.runtime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ManualSchedulerTest
{
    @Test
    void runsTimersInDueOrderAndSkipsCancelledOnes()
    {
        final ManualScheduler scheduler = new ManualScheduler();
        final List<String> ran = new ArrayList<>();
        scheduler.schedule(300, () -> ran.add("300"));
        scheduler.schedule(100, () -> ran.add("100@" + scheduler.nowMs()));
        final Scheduler.Timer cancelled = scheduler.schedule(200, () -> ran.add("200"));
        scheduler.execute(() -> ran.add("now"));
        cancelled.cancel();

        scheduler.advanceMs(250);
        assertEquals(List.of("now", "100@100"), ran);
        assertEquals(250, scheduler.nowMs());
        assertEquals(1, scheduler.scheduledCount());

        scheduler.advanceMs(50);
        assertEquals(List.of("now", "100@100", "300"), ran);
    }

    @Test
    void timersScheduledByTimersRunWithinTheSameAdvance()
    {
        final ManualScheduler scheduler = new ManualScheduler();
        final List<Long> at = new ArrayList<>();
        scheduler.schedule(10, () ->
        {
            at.add(scheduler.nowMs());
            scheduler.schedule(10, () -> at.add(scheduler.nowMs()));
        });
        scheduler.advanceMs(100);
        assertEquals(List.of(10L, 20L), at);
    }
}
