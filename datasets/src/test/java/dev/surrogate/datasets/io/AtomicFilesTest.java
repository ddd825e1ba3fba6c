package dev.surrogate.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
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

    /** A process that has ended: its pid is not alive (until the system reuses it, which takes a while). */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        while (ProcessHandle.of(pid).isPresent()) {
            Thread.sleep(10);
        }
        return pid;
    }

    @Test
    void staleTemporaryFilesOfDeadWritersAreRemovedByTheNextWriteOfTheSameTarget() throws Exception {
        Path target = dir.resolve("keep.nc");
        Path mine = AtomicFiles.createTemp(target, ".tmp");
        String name = mine.getFileName().toString();
        // .keep.nc.RANDOM.PID.HOST.tmp
        String[] parts = name.substring(".keep.nc.".length()).split("\\.");
        assertEquals(4, parts.length, name);
        assertEquals(Long.toString(ProcessHandle.current().pid()), parts[1], name);
        String host = parts[2];
        long dead = deadPid();
        Path stale = Files.createFile(dir.resolve(".keep.nc.2o2od748r00xx." + dead + "." + host + ".tmp"));
        Path stalePng = Files.createFile(dir.resolve(".keep.nc.abc." + dead + "." + host + ".png"));
        Path otherHost = Files.createFile(dir.resolve(".keep.nc.abc." + dead + ".otherhost.tmp"));
        Path oldForm = Files.createFile(dir.resolve(".keep.nc.2o2od748r00xx.tmp"));
        Path otherTarget = Files.createFile(dir.resolve(".keep.nc2.abc." + dead + "." + host + ".tmp"));

        Path next = AtomicFiles.createTemp(target, ".tmp");
        assertFalse(Files.exists(stale), "a dead writer's file is removed");
        assertFalse(Files.exists(stalePng));
        assertTrue(Files.exists(mine), "a live writer's file is kept");
        assertTrue(Files.exists(otherHost), "another host's writer may be alive");
        assertTrue(Files.exists(oldForm), "no way to tell whether its writer lives");
        assertTrue(Files.exists(otherTarget), "another target's file");
        assertTrue(Files.exists(next));
    }

    @Test
    void anExistingOutputIsRefusedUnlessReplacedAndAnInputNever() throws IOException {
        Path data = Files.writeString(dir.resolve("data.nc"), "ground truth");
        Path out = dir.resolve("pred.nc");
        assertEquals(out.toAbsolutePath().normalize(), AtomicFiles.checkTarget(out, false, data));
        Files.writeString(out, "old predictions");
        FileAlreadyExistsException exists = assertThrows(FileAlreadyExistsException.class,
                () -> AtomicFiles.checkTarget(out, false, data));
        assertEquals(out.toString(), exists.getFile());
        AtomicFiles.checkTarget(out, true, data);
        // the input under other names: itself, a relative path with "..", a symbolic link, a hard link
        Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link.nc"), data);
        Path hard = Files.createLink(dir.resolve("hard.nc"), data);
        for (Path alias : new Path[] {data, dir.resolve("sub/../data.nc"), link, hard}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AtomicFiles.checkTarget(alias, true, data), alias.toString());
            assertTrue(e.getMessage().contains("is the input"), e.getMessage());
        }
        assertEquals("ground truth", Files.readString(data));
        AtomicFiles.checkNew(dir.resolve("new-dir"), false);
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.checkNew(dir.resolve("sub"), false));
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
