package org.plugboard.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionConflictException;

/**
 * Behaviour both address spaces share (dispatch, unmapped accesses, overlap rules, remapping,
 * access-size adaptation), run against the I/O space and against guest-physical memory. The
 * addresses are below 64 K so they are valid in both; in memory they are sub-page regions.
 */
class AddressSpaceTest {
    enum Kind {
        IO(IoSpace::new),
        MEMORY(() -> new PhysicalMemory(new Ram(64 << 10)));

        final Supplier<SpaceBase> factory;

        Kind(Supplier<SpaceBase> factory) {
            this.factory = factory;
        }
    }

    private static final long COM1 = 0x3f8;

    private static Region bytes(String owner, int size) {
        return RecordingOps.region(owner, "regs", size, 1, 1);
    }

    // ---------------------------------------------------------------- dispatch

    @ParameterizedTest
    @EnumSource(Kind.class)
    void handlerGetsOffsetAndSizeRelativeToItsBase(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region r = RecordingOps.region("com1", "uart", 8, 1, 4);
        RecordingOps ops = RecordingOps.of(r);
        space.map(r, COM1);

        space.write(COM1 + 3, 1, 0x83);
        space.write(COM1 + 4, 2, 0xbeef);
        ops.pattern();
        long v = space.read(COM1 + 4, 4);

        assertEquals(List.of("w3:1=83", "w4:2=beef", "r4:4"), ops.take());
        assertEquals(0x77665544L, v, "little-endian value of bytes 4..7");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void valuesAreTruncatedToTheAccessSize(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region r = RecordingOps.region("dev", "regs", 4, 1, 4);
        space.map(r, 0x100);
        space.write(0x100, 1, 0x1234_5678L);
        assertEquals(List.of("w0:1=78"), RecordingOps.of(r).take());
        assertEquals(0x78, space.read(0x100, 1));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unmappedReadsAreAllOnesAndWritesAreDropped(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region neighbour = RecordingOps.region("dev", "regs", 4, 1, 4);
        space.map(neighbour, 0x200);

        assertEquals(0xffL, space.read(0x100, 1));
        assertEquals(0xffffL, space.read(0x100, 2));
        assertEquals(0xffffffffL, space.read(0x100, 4));
        space.write(0x100, 4, 0);
        space.write(0x1fc, 4, 0x12345678); // ends right below the neighbour
        assertEquals(List.of(), RecordingOps.of(neighbour).take(), "no access leaks into a neighbour");
    }

    // ---------------------------------------------------------------- overlaps

    @ParameterizedTest
    @EnumSource(Kind.class)
    void undeclaredOverlapNamesBothOwnersAndTheRange(Kind kind) {
        SpaceBase space = kind.factory.get();
        space.map(bytes("com1", 8), 0x3f8);
        int generation = space.generation();

        RegionConflictException e = assertThrows(RegionConflictException.class, () -> space.map(bytes("lpt-ish", 16), 0x3fc));

        String m = e.getMessage();
        assertTrue(m.contains("com1") && m.contains("lpt-ish"), m);
        assertTrue(m.contains("0x3fc-0x3ff"), "the contested range: " + m);
        assertEquals(1, space.entries().size(), "the refused region is not mapped");
        assertEquals(generation, space.generation(), "a refused change rebuilds nothing");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void overlapsOfEqualPriorityAreConflictsEvenWhenDeclared(Kind kind) {
        SpaceBase space = kind.factory.get();
        space.mapOverlapping(bytes("bar-a", 16), 0x100, 5);
        RegionConflictException e = assertThrows(RegionConflictException.class,
                () -> space.mapOverlapping(bytes("bar-b", 16), 0x108, 5));
        assertTrue(e.getMessage().contains("bar-a") && e.getMessage().contains("bar-b"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void adjacentRegionsDoNotOverlap(Kind kind) {
        SpaceBase space = kind.factory.get();
        space.map(bytes("a", 8), 0x3f0);
        space.map(bytes("b", 8), 0x3f8);
        assertEquals(2, space.entries().size());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void higherPriorityWinsAndTheLowerComesBackAfterDisableOrUnmap(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region low = bytes("chipset", 16), high = bytes("shadow", 4);
        RecordingOps lowOps = RecordingOps.of(low).pattern(), highOps = RecordingOps.of(high);
        space.map(low, 0x100);
        Mapping top = space.mapOverlapping(high, 0x104, 1);

        space.read(0x104, 1);
        space.read(0x108, 1);
        assertEquals(List.of("r0:1"), highOps.take(), "the overlap goes to the higher priority");
        assertEquals(List.of("r8:1"), lowOps.take(), "the rest still decodes to the lower one, at its own offsets");

        top.setEnabled(false);
        assertEquals(0x44, space.read(0x104, 1), "disabled: the lower priority decodes again");
        top.setEnabled(true);
        space.read(0x104, 1);
        assertEquals(List.of("r0:1"), highOps.take());

        top.unmap();
        assertEquals(0x55, space.read(0x105, 1), "unmapped: the lower priority decodes again");
        assertEquals(List.of(), highOps.take());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDwordRegisterStillTakesWholeDwordsAfterAnOverlappingWindowWentAway(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region regs = RecordingOps.region("dev", "regs", 16, 4, 4), window = bytes("window", 1);
        RecordingOps ops = RecordingOps.of(regs);
        space.map(regs, 0x100);
        space.mapOverlapping(window, 0x104, 1).unmap();

        space.write(0x104, 4, 0x12345678);
        assertEquals(0x12345678L, space.read(0x104, 4));
        assertEquals(List.of("w4:4=12345678", "r4:4"), ops.take(), "one access each, not four read-modify-writes");
    }

    // ---------------------------------------------------------------- remapping

    @ParameterizedTest
    @EnumSource(Kind.class)
    void moveKillsTheOldAddressesAndDecodesTheNewOnes(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region r = bytes("bar0", 8);
        RecordingOps ops = RecordingOps.of(r);
        Mapping m = space.map(r, 0x1000);

        m.move(0x2000);

        assertEquals(0xff, space.read(0x1003, 1));
        space.write(0x1003, 1, 1);
        assertEquals(List.of(), ops.take(), "old addresses are dead");
        space.write(0x2003, 1, 7);
        assertEquals(List.of("w3:1=7"), ops.take());
        assertEquals(0x2000, m.base());
        assertEquals(List.of(0x2000L), space.entries().stream().map(AddressSpace.MapEntry::start).toList());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void moveIntoAConflictFailsAndKeepsThePreviousPlace(Kind kind) {
        SpaceBase space = kind.factory.get();
        space.map(bytes("other", 8), 0x2000);
        Region r = bytes("bar0", 8);
        Mapping m = space.map(r, 0x1000);

        assertThrows(RegionConflictException.class, () -> m.move(0x2004));

        assertEquals(0x1000, m.base());
        space.write(0x1001, 1, 9);
        assertEquals(List.of("w1:1=9"), RecordingOps.of(r).take());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void disabledMappingsDecodeNothingAndCanBeMovedWhileDisabled(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region r = bytes("bar0", 8);
        RecordingOps ops = RecordingOps.of(r);
        Mapping m = space.map(r, 0x1000);

        m.setEnabled(false);
        assertFalse(m.enabled());
        space.write(0x1000, 1, 1);
        assertEquals(List.of(), space.entries());
        m.move(0x3000);
        space.write(0x3000, 1, 2);
        assertEquals(List.of(), ops.take(), "still disabled after the move");

        m.setEnabled(true);
        space.write(0x3000, 1, 3);
        space.write(0x1000, 1, 4);
        assertEquals(List.of("w0:1=3"), ops.take());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void enablingIntoAConflictFailsAndStaysDisabled(Kind kind) {
        SpaceBase space = kind.factory.get();
        Mapping m = space.map(bytes("bar0", 8), 0x1000);
        m.setEnabled(false);
        space.map(bytes("squatter", 8), 0x1000);

        RegionConflictException e = assertThrows(RegionConflictException.class, () -> m.setEnabled(true));
        assertTrue(e.getMessage().contains("squatter"), e.getMessage());
        assertFalse(m.enabled());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unmapIsFinal(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region r = bytes("bar0", 8);
        Mapping m = space.map(r, 0x1000);
        m.unmap();
        int generation = space.generation();

        m.unmap();
        m.setEnabled(true);
        m.move(0x2000);

        space.write(0x1000, 1, 1);
        space.write(0x2000, 1, 1);
        assertEquals(List.of(), RecordingOps.of(r).take());
        assertEquals(List.of(), space.entries());
        assertEquals(generation, space.generation(), "calls on an unmapped mapping change nothing");
        space.map(bytes("successor", 8), 0x1000); // the range is free again
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyTopologyChangeBumpsTheGeneration(Kind kind) {
        SpaceBase space = kind.factory.get();
        List<Integer> g = new ArrayList<>(List.of(space.generation()));
        Mapping m = space.map(bytes("dev", 8), 0x1000);
        g.add(space.generation());
        m.move(0x1100);
        g.add(space.generation());
        m.setEnabled(false);
        g.add(space.generation());
        m.setEnabled(true);
        g.add(space.generation());
        m.unmap();
        g.add(space.generation());
        for (int i = 1; i < g.size(); i++) assertTrue(g.get(i) > g.get(i - 1), "after change " + i + ": " + g);

        Mapping n = space.map(bytes("dev", 8), 0x1000);
        n.setEnabled(false);
        int before = space.generation();
        n.setEnabled(false); // no change
        space.read(0x1000, 4);
        space.write(0x1000, 4, 0);
        n.unmap(); // it decoded nothing: nothing to rebuild
        assertEquals(before, space.generation(), "accesses and no-op changes leave the generation alone");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void mapEntriesAreSortedAndNameTheOwners(Kind kind) {
        SpaceBase space = kind.factory.get();
        space.map(bytes("pic", 2), 0x20);
        space.map(bytes("com1", 8), 0x3f8);
        space.map(bytes("pit", 4), 0x40);

        List<AddressSpace.MapEntry> e = space.entries();
        assertEquals(List.of("pic", "pit", "com1"), e.stream().map(AddressSpace.MapEntry::owner).toList());
        assertEquals(0x3f8, e.get(2).start());
        assertEquals(0x3ff, e.get(2).end());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void regionsOutsideTheSpaceAreRefused(Kind kind) {
        SpaceBase space = kind.factory.get();
        long beyond = kind == Kind.IO ? IoSpace.PORTS - 4 : (1L << 40) - 4;
        RegionConflictException e = assertThrows(RegionConflictException.class, () -> space.map(bytes("dev", 8), beyond));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertThrows(RegionConflictException.class, () -> space.map(bytes("dev", 8), -8));
    }

    // ---------------------------------------------------------------- access sizes

    @ParameterizedTest
    @EnumSource(Kind.class)
    void wideAccessToAByteRegionIsSplitInLittleEndianOrder(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region r = bytes("dev", 8);
        RecordingOps ops = RecordingOps.of(r);
        space.map(r, 0x100);

        space.write(0x100, 4, 0x44332211);
        assertEquals(List.of("w0:1=11", "w1:1=22", "w2:1=33", "w3:1=44"), ops.take());
        assertEquals(0x44332211L, space.read(0x100, 4));
        assertEquals(List.of("r0:1", "r1:1", "r2:1", "r3:1"), ops.take());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eightByteAccessIsSplitIntoTheWidestPiecesTheHandlerTakes(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region r = RecordingOps.region("dev", "regs", 8, 1, 2);
        space.map(r, 0x100);

        space.write(0x100, 8, 0x8877665544332211L);
        assertEquals(List.of("w0:2=2211", "w2:2=4433", "w4:2=6655", "w6:2=8877"), RecordingOps.of(r).take());
        assertEquals(0x8877665544332211L, space.read(0x100, 8));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void narrowReadOfADwordRegisterIsWidened(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region r = RecordingOps.region("dev", "regs", 8, 4, 4);
        RecordingOps ops = RecordingOps.of(r).pattern();
        space.map(r, 0x100);

        assertEquals(0x66, space.read(0x106, 1));
        assertEquals(List.of("r4:4"), ops.take(), "one aligned dword read, the byte extracted");
        assertEquals(0x3322, space.read(0x102, 2));
        assertEquals(List.of("r0:4"), ops.take());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void narrowWriteToADwordRegisterIsAReadModifyWrite(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region r = RecordingOps.region("dev", "regs", 8, 4, 4);
        RecordingOps ops = RecordingOps.of(r).pattern();
        space.map(r, 0x100);

        space.write(0x105, 1, 0xaa);
        assertEquals(List.of("r4:4", "w4:4=7766aa44"), ops.take());
        space.write(0x102, 2, 0xbbcc);
        assertEquals(List.of("r0:4", "w0:4=bbcc1100"), ops.take());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void narrowAccessStraddlingTwoUnitsIsDoneBytewise(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region r = RecordingOps.region("dev", "regs", 8, 4, 4);
        RecordingOps ops = RecordingOps.of(r).pattern();
        space.map(r, 0x100);

        assertEquals(0x4433, space.read(0x103, 2));
        assertEquals(List.of("r0:4", "r4:4"), ops.take());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void accessStraddlingTwoRegionsReachesBothByteByByte(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region a = bytes("a", 2), b = bytes("b", 2);
        space.map(a, 0x100);
        space.map(b, 0x102);

        space.write(0x101, 2, 0xbbaa);
        assertEquals(List.of("w1:1=aa"), RecordingOps.of(a).take());
        assertEquals(List.of("w0:1=bb"), RecordingOps.of(b).take());
        assertEquals(0xbbaaL, space.read(0x101, 2));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void accessStraddlingARegionAndAHoleReadsOnesForTheHole(Kind kind) {
        SpaceBase space = kind.factory.get();
        Region a = bytes("a", 2);
        RecordingOps.of(a).cells[1] = 0x5a;
        space.map(a, 0x100);

        assertEquals(0xffffff5aL, space.read(0x101, 4));
        space.write(0x101, 4, 0x11223344);
        assertEquals(List.of("r1:1", "w1:1=44"), RecordingOps.of(a).take(), "only the mapped byte is written");
    }
}
