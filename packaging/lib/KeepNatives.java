import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar, leaving out the native libraries the app-image cannot use: every entry under PREFIX
 * except those under PREFIX/KEEP. build-dist.sh runs it on sqlite-jdbc, which carries its library for
 * 25 platforms (12 MB) where the app-image runs on one.
 *
 *   java KeepNatives.java IN.jar OUT.jar org/sqlite/native/ Linux/x86_64/
 */
public final class KeepNatives {
    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String prefix = args[2];
        String keep = prefix + args[3];
        int kept = 0;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(in));
             ZipOutputStream copy = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                boolean isNative = name.startsWith(prefix) && !entry.isDirectory();
                if (isNative && !name.startsWith(keep)) {
                    continue;
                }
                kept += isNative ? 1 : 0;
                ZipEntry copied = new ZipEntry(name);
                copied.setTime(entry.getTime());
                copy.putNextEntry(copied);
                zip.transferTo(copy);
                copy.closeEntry();
            }
        }
        if (kept == 0) {
            throw new IllegalStateException("no native library under " + keep + " in " + in);
        }
    }
}
