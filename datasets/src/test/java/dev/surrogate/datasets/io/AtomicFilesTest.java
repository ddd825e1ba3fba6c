package dev.surrogate.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void checkTargetNamesWhatIsWrong() throws IOException {
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> AtomicFiles.checkTarget(dir.resolve("no/such/dir/x.nc")));
        assertTrue(missing.getMessage().contains("no/such/dir"), missing.getMessage());
        IllegalArgumentException isDir = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.checkTarget(dir));
        assertTrue(isDir.getMessage().contains("is a directory"), isDir.getMessage());
        assertEquals(dir.resolve("x.nc").toAbsolutePath().normalize(),
                AtomicFiles.checkTarget(dir.resolve("sub/../x.nc")));
    }

    @Test
    void writeReplacesTheTargetWholeAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a.json");
        AtomicFiles.write(target, "old".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(target, "new content".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("new content".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
        assertEquals(List.of(target), list());
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a.json");
        AtomicFiles.write(target, "old".getBytes(StandardCharsets.UTF_8));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("a.json") && e.getMessage().contains("disk full"), e.getMessage());
        assertArrayEquals("old".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
        assertEquals(List.of(target), list());
    }

    @Test
    void temporaryFilesAreHiddenSiblingsWithOrdinaryPermissions() throws IOException {
        Path target = dir.resolve("b.nc");
        Path temp = AtomicFiles.createTemp(target, ".tmp");
        assertEquals(dir.toAbsolutePath().normalize(), temp.getParent());
        assertTrue(temp.getFileName().toString().startsWith(".b.nc.") && temp.toString().endsWith(".tmp"),
                temp.toString());
        // a file created the ordinary way gets the process umask; Files.createTempFile would give owner-only
        Path ordinary = Files.createFile(dir.resolve("ordinary"));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> expected = Files.getPosixFilePermissions(ordinary);
            assertEquals(expected, Files.getPosixFilePermissions(temp));
        }
        AtomicFiles.moveIntoPlace(temp, target);
        assertTrue(Files.exists(target) && !Files.exists(temp));
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
