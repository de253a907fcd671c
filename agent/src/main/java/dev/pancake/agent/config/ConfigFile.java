package dev.pancake.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads pancake.yml from disk, bounded: only a regular file is opened (a FIFO or a device such
 * as {@code /dev/zero} could block or never end), and at most {@link #MAX_BYTES} bytes of it are
 * read, whatever its size claims to be.
 */
public final class ConfigFile {

    /** The largest pancake.yml read, in bytes. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private ConfigFile() {}

    /**
     * The parsed file.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws ConfigException     when it cannot be read or is not valid (the message names lines)
     */
    public static Config load(Path path) throws NoSuchFileException, ConfigException {
        return ConfigParser.parse(read(path), path.toString());
    }

    /** The file's text, checked to be UTF-8 (a byte-order mark is dropped). */
    public static String read(Path path) throws NoSuchFileException, ConfigException {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(path)) {
                if (!Files.exists(path)) {
                    throw new NoSuchFileException(path.toString());
                }
                throw problem(path, "not a regular file (a pipe, a device or a directory); pancake.yml must be a"
                        + " file");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw tooLarge(path); // refused before anything is read
            }
            bytes = readBounded(path);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException | SecurityException e) {
            throw problem(path, "cannot read the file: " + e);
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(path);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw problem(path, "the file is not UTF-8 text");
        }
    }

    /**
     * At most MAX_BYTES + 1 bytes of the file, read into one array of the size the file has (not
     * in pieces copied together at the end, which would take twice the memory).
     */
    private static byte[] readBounded(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = new byte[(int) Math.min(Files.size(path), MAX_BYTES)];
            int n = in.readNBytes(bytes, 0, bytes.length);
            if (n < bytes.length) {
                return Arrays.copyOf(bytes, n); // shorter now than when its size was read
            }
            byte[] more = in.readNBytes(MAX_BYTES + 1 - n); // longer now than its size said: still bounded
            if (more.length == 0) {
                return bytes;
            }
            byte[] all = Arrays.copyOf(bytes, n + more.length);
            System.arraycopy(more, 0, all, n, more.length);
            return all;
        }
    }

    private static ConfigException tooLarge(Path path) {
        return problem(path, "the file is larger than 4 MiB (" + MAX_BYTES + " bytes); is it really pancake.yml?");
    }

    private static ConfigException problem(Path path, String message) {
        return new ConfigException(List.of(new ConfigException.Problem(path.toString(), 0, 0, "", message)));
    }
}
