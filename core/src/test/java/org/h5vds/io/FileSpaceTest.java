package org.h5vds.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileSpaceTest {
    @Test
    void allocatesAtTheEndUntilSomethingIsFreed() {
        FileSpace s = new FileSpace(100);
        assertThat(s.allocate(10)).isEqualTo(100);
        assertThat(s.allocate(20)).isEqualTo(110);
        assertThat(s.end()).isEqualTo(130);
    }

    @Test
    void discardedSpaceIsReusedAtOnceReleasedSpaceOnlyAfterTheCommit() {
        FileSpace s = new FileSpace(0);
        long a = s.allocate(50);
        long b = s.allocate(50);
        s.discard(a, 50);
        assertThat(s.allocate(40)).as("written since the last commit: reusable now").isEqualTo(a);
        s.release(b, 50);
        assertThat(s.allocate(50)).as("the committed file still points there").isEqualTo(100);
        s.committed();
        assertThat(s.allocate(30)).as("the commit that stopped using it is durable (joined to what was left before it)").isEqualTo(40);
    }

    @Test
    void takesTheSmallestFreeBlockThatFitsAndMergesNeighbours() {
        FileSpace s = new FileSpace(1000);
        s.discard(0, 100);
        s.discard(200, 30);
        s.discard(300, 60);
        assertThat(s.allocate(25)).isEqualTo(200);
        assertThat(s.allocate(50)).isEqualTo(300);
        s.discard(100, 100);  // joins [0,100) and [100,200)
        assertThat(s.allocate(180)).isEqualTo(0);
        assertThat(s.freeBytes()).as(s.toString()).isEqualTo(5 + 10 + 20);
    }

    @Test
    void trimTailGivesBackFreeSpaceAtTheEnd() {
        FileSpace s = new FileSpace(0);
        long a = s.allocate(10);
        long b = s.allocate(10);
        s.discard(b, 10);
        assertThat(s.trimTail()).isEqualTo(10);
        s.discard(a, 10);
        assertThat(s.trimTail()).isZero();
    }

    @Test
    void freeingTwiceOrOutsideIsAnError() {
        FileSpace s = new FileSpace(0);
        long a = s.allocate(10);
        s.discard(a, 10);
        assertThatThrownBy(() -> s.discard(a, 10)).hasMessageContaining("freed twice");
        assertThatThrownBy(() -> s.discard(20, 10)).hasMessageContaining("not inside allocated space");
    }

    @Test
    void inPagesASmallBlockStaysInOnePageAndALargeOneStartsOnAPage() {
        FileSpace s = new FileSpace(4096);
        s.pages(1024);
        assertThat(s.allocate(1000)).isEqualTo(4096);
        assertThat(s.allocate(100)).as("would cross into the next page: starts on it").isEqualTo(5120);
        assertThat(s.allocate(20)).as("the gap left before the page is free and fits").isEqualTo(5096);
        assertThat(s.allocate(2000)).as("larger than a page: on a page boundary").isEqualTo(6144);
        assertThat(s.end()).isEqualTo(8144);
        // free now: [5220, 6144), the rest of the page the 100-byte block began
        assertThat(s.allocate(1024)).as("a page-sized block needs a page start: none in the free block").isEqualTo(8192);
        assertThat(s.allocate(800)).as("fits in the free block, inside one page").isEqualTo(5220);
    }

    @Test
    void freeSpaceThatHeldRawDataIsKnownAsSuchUntilReused() {
        FileSpace s = new FileSpace(1000);
        s.discardRaw(100, 50);
        s.discard(150, 50);       // metadata next to it: one free block, half of it raw
        s.releaseRaw(400, 100);
        assertThat(s.rawFreeBlocks()).as("released: not free before the commit").containsExactly(java.util.Map.entry(100L, 50L));
        s.committed();
        s.discardRaw(500, 20);   // joins the raw block before it
        assertThat(s.freeBlocks()).containsExactly(java.util.Map.entry(100L, 100L), java.util.Map.entry(400L, 120L));
        assertThat(s.rawFreeBlocks()).containsExactly(java.util.Map.entry(100L, 50L), java.util.Map.entry(400L, 120L));
        assertThat(s.allocate(100)).as("the smallest fitting block, raw and metadata alike").isEqualTo(100);
        assertThat(s.rawFreeBlocks()).as("reused: no longer free").containsExactly(java.util.Map.entry(400L, 120L));
        s.discard(980, 20);
        assertThat(s.allocate(110)).isEqualTo(400);
        assertThat(s.rawFreeBlocks()).as("the rest of a raw block split by an allocation").containsExactly(java.util.Map.entry(510L, 10L));
        s.discardRaw(520, 460);
        assertThat(s.trimTail()).as("[510, 1000) free at the end").isEqualTo(510);
        assertThat(s.rawFreeBlocks()).as("cut off with the end").isEmpty();
    }
}
