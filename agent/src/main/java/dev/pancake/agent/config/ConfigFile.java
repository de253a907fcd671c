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
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException | SecurityException e) {
            throw problem(path, "cannot read the file: " + e);
        }
        if (bytes.length > MAX_BYTES) {
            throw problem(path, "the file is larger than 4 MiB (" + MAX_BYTES + " bytes); is it really pancake.yml?");
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

    private static ConfigException problem(Path path, String message) {
        return new ConfigException(List.of(new ConfigException.Problem(path.toString(), 0, 0, "", message)));
    }
}
