package org.plugboard.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.Region;

/** What only the I/O space does: the 64 K port table and wrap-around at port 0xffff. */
class IoSpaceTest {
    private final IoSpace io = new IoSpace();

    @Test
    void theTableNamesTheHandlerOfEveryPortAndFollowsRemapping() {
        Region r = RecordingOps.region("com1", "uart", 8, 1, 1);
        Mapping m = io.map(r, 0x3f8);
        assertSame(r, io.handlerAt(0x3f8));
        assertSame(r, io.handlerAt(0x3ff));
        assertNull(io.handlerAt(0x3f7));
        assertNull(io.handlerAt(0x400));

        m.move(0x2f8);
        assertNull(io.handlerAt(0x3f8));
        assertSame(r, io.handlerAt(0x2f8));
        m.unmap();
        assertNull(io.handlerAt(0x2f8));
    }

    @Test
    void aPriorityWindowOnlyTakesThePortsItCovers() {
        Region low = RecordingOps.region("pci", "cfg", 8, 1, 4), high = RecordingOps.region("quirk", "port", 1, 1, 1);
        io.map(low, 0xcf8);
        io.mapOverlapping(high, 0xcf9, 1);
        assertSame(low, io.handlerAt(0xcf8));
        assertSame(high, io.handlerAt(0xcf9));
        assertSame(low, io.handlerAt(0xcfa));
    }

    @Test
    void portAddressesWrapAt64K() {
        Region top = RecordingOps.region("top", "regs", 2, 1, 1), bottom = RecordingOps.region("bottom", "regs", 2, 1, 1);
        io.map(top, 0xfffe);
        io.map(bottom, 0);

        io.write(0xfffe, 4, 0x44332211);
        assertEquals(List.of("w0:1=11", "w1:1=22"), RecordingOps.of(top).take());
        assertEquals(List.of("w0:1=33", "w1:1=44"), RecordingOps.of(bottom).take());
        assertEquals(0x44332211L, io.read(0x1fffe, 4), "the port number is taken modulo 64 K");
    }
}
