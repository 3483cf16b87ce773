package io.shardops.dataplane.tablet.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlterAlgorithmTest {
    @Test
    void eachAlgorithmButCopyIsInsistedOnWithoutBlockingWrites() {
        String alter = "alter table `t` add key `k`(`c`)";
        assertEquals(alter + ", ALGORITHM=INSTANT", AlterAlgorithm.INSTANT.statement(alter));
        assertEquals(alter + ", ALGORITHM=NOCOPY, LOCK=NONE", AlterAlgorithm.NOCOPY.statement(alter));
        assertEquals(alter + ", ALGORITHM=INPLACE, LOCK=NONE", AlterAlgorithm.INPLACE.statement(alter));
        assertEquals(alter, AlterAlgorithm.COPY.statement(alter));
        assertTrue(AlterAlgorithm.COPY.blocksWrites());
        assertFalse(AlterAlgorithm.INPLACE.blocksWrites());
    }

    @Test
    void triedBestFirstAndReadBackByWord() {
        assertEquals(List.of(AlterAlgorithm.INSTANT, AlterAlgorithm.NOCOPY, AlterAlgorithm.INPLACE, AlterAlgorithm.COPY), List.of(AlterAlgorithm.values()));
        for (AlterAlgorithm a : AlterAlgorithm.values()) {
            assertEquals(Optional.of(a), AlterAlgorithm.fromWord(a.word()));
        }
        assertEquals(Optional.empty(), AlterAlgorithm.fromWord("online"));
    }

    @Test
    void aRowIsComparedWithItsNullFlagsAndAsUtf8mb4() {
        assertEquals("CONCAT_WS('#', ISNULL(`a`), CONVERT(`a` USING utf8mb4), ISNULL(`b`), CONVERT(`b` USING utf8mb4))",
                ShadowTables.rowText(List.of("a", "b")));
    }
}
