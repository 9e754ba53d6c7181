package io.portcullis.dataplane.esp;

import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.esp.ReplayWindow.ACCEPTED;
import static io.portcullis.dataplane.esp.ReplayWindow.OUT_OF_WINDOW;
import static io.portcullis.dataplane.esp.ReplayWindow.REPLAYED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReplayWindowTest
{
    /** check, then (as after a good ICV) update. */
    private static int receive(final ReplayWindow window, final long seqLow)
    {
        final int checked = window.check((int)seqLow);
        return checked == ACCEPTED ? window.update(window.checkedSequence()) : checked;
    }

    @Test
    void acceptsNewRejectsSeenAndTooOld()
    {
        final ReplayWindow window = new ReplayWindow(1024, false);
        assertEquals(ACCEPTED, receive(window, 1));
        assertEquals(REPLAYED, receive(window, 1));
        assertEquals(ACCEPTED, receive(window, 2000));
        assertEquals(ACCEPTED, receive(window, 1500));  // late but inside the window
        assertEquals(REPLAYED, receive(window, 1500));
        assertEquals(ACCEPTED, receive(window, 977));   // 2000 - 1023: the window's last slot
        assertEquals(OUT_OF_WINDOW, receive(window, 976));
        assertEquals(2000, window.top());
    }

    @Test
    void windowThatIsNotAPowerOfTwoIsExactlyItsSize()
    {
        final ReplayWindow window = new ReplayWindow(192, false);
        assertEquals(ACCEPTED, receive(window, 1000));
        assertEquals(ACCEPTED, receive(window, 809));   // 1000 - 191: the last slot
        assertEquals(OUT_OF_WINDOW, receive(window, 808));
        for (int s = 1001; s <= 1300; s++)
        {
            assertEquals(ACCEPTED, receive(window, s));
        }
        assertEquals(REPLAYED, receive(window, 1109));
        assertEquals(OUT_OF_WINDOW, receive(window, 1108));
    }

    @Test
    void sequenceNumberZeroIsNeverValid()
    {
        assertEquals(OUT_OF_WINDOW, new ReplayWindow(64, false).check(0));
    }

    @Test
    void bitsOfSlotsReusedAfterTheWindowMovesAreCleared()
    {
        final ReplayWindow window = new ReplayWindow(64, false);
        for (int s = 1; s <= 64; s++)
        {
            assertEquals(ACCEPTED, receive(window, s));
        }
        // 65..128 reuse the ring slots of 1..64: they must read as unseen.
        for (int s = 128; s >= 65; s--)
        {
            assertEquals(ACCEPTED, receive(window, s), "seq " + s);
        }
        assertEquals(OUT_OF_WINDOW, receive(window, 64));
    }

    @Test
    void duplicateInTheSameBurstIsCaughtAtUpdate()
    {
        final ReplayWindow window = new ReplayWindow(128, false);
        assertEquals(ACCEPTED, window.check(5));
        final long first = window.checkedSequence();
        assertEquals(ACCEPTED, window.check(5));   // both checked before either is recorded
        final long second = window.checkedSequence();
        assertEquals(ACCEPTED, window.update(first));
        assertEquals(REPLAYED, window.update(second));
    }

    @Test
    void esnInfersTheNextBlockAcrossTheWrap()
    {
        final ReplayWindow window = new ReplayWindow(1024, true);
        window.update(0xFFFF_FFF0L);
        // RFC 4303 A2.2 case A: a small low half after a top near 2^32 belongs to the next block.
        assertEquals(ACCEPTED, window.check(3));
        assertEquals(0x1_0000_0003L, window.checkedSequence());
        window.update(window.checkedSequence());
        // Case B: the window now spans two blocks; a high low half belongs to the previous one.
        assertEquals(ACCEPTED, window.check(0xFFFF_FFF5));
        assertEquals(0xFFFF_FFF5L, window.checkedSequence());
        window.update(window.checkedSequence());
        assertEquals(REPLAYED, window.check(0xFFFF_FFF5));
        assertEquals(REPLAYED, window.check(3));
    }

    @Test
    void esnBelowZeroIsOutOfWindow()
    {
        final ReplayWindow window = new ReplayWindow(1024, true);
        window.update(10);
        assertEquals(OUT_OF_WINDOW, window.check(0xFFFF_FF00));
    }

    @Test
    void esnWorksInTheTopHalfOfTheUnsignedRange()
    {
        final ReplayWindow window = new ReplayWindow(64, true);
        window.update(0x8765_4320_FFFF_FFFFL);
        assertEquals(ACCEPTED, window.check(0));
        assertEquals(0x8765_4321_0000_0000L, window.checkedSequence());
    }

    @Test
    void disabledWindowAcceptsReplays()
    {
        final ReplayWindow window = new ReplayWindow(0, false);
        assertEquals(ACCEPTED, receive(window, 7));
        assertEquals(ACCEPTED, receive(window, 7));
    }

    @Test
    void sizeMustBeAMultipleOf64()
    {
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(100, false));
    }
}
