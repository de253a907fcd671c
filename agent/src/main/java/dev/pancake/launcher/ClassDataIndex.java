package dev.pancake.launcher;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Where each entry of the agent jar's {@code inst/} folder is stored, read once from the jar's
 * central directory, so that a class is inflated straight into the array {@code defineClass}
 * receives. A {@link java.util.jar.JarFile}'s input stream allocates a buffer the size of the
 * entry for every entry it opens: one more copy of every class the agent loads, left as garbage
 * in the application's heap.
 *
 * <p>The jar is read with a {@link RandomAccessFile}, as {@code JarFile} reads it: a
 * {@code FileChannel} would close for good when a thread with its interrupt flag set loads a
 * class.
 *
 * <p>Only plain zip files are indexed: one that needs zip64 records, or whose layout is anything
 * but what the build writes, yields no index, and the loader reads through {@code JarFile}.
 */
final class ClassDataIndex {

    private static final int END_SIGNATURE = 0x06054b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int END_SIZE = 22;
    private static final int LOCAL_SIZE = 30;
    private static final int CENTRAL_SIZE = 46;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    private static final String FOLDER = "inst/";

    private final RandomAccessFile file;
    /**
     * The entries by the hash of their names, open addressing with linear probing: each slot holds
     * an entry's number in the arrays below plus one, 0 when empty. A hash table rather than a
     * sorted array: on Java 22+ {@code Arrays.sort} of primitives spins lambda classes, which start-up
     * should not pay for.
     */
    private final int[] slots;
    private final int[] hashes;
    private final long[] offsets;
    private final int[] compressedSizes;
    private final int[] sizes;
    private final byte[] methods;
    private final Inflater inflater = new Inflater(true);
    private byte[] scratch = new byte[0];

    private ClassDataIndex(RandomAccessFile file, int[] slots, int[] hashes, long[] offsets, int[] compressedSizes,
            int[] sizes, byte[] methods) {
        this.file = file;
        this.slots = slots;
        this.hashes = hashes;
        this.offsets = offsets;
        this.compressedSizes = compressedSizes;
        this.sizes = sizes;
        this.methods = methods;
    }

    /** The index of the jar's {@code inst/} entries, or null when the jar is not a plain zip file as the build writes it. */
    static ClassDataIndex open(File jar) {
        RandomAccessFile file = null;
        try {
            file = new RandomAccessFile(jar, "r");
            ClassDataIndex index = read(file);
            if (index == null) {
                file.close();
            }
            return index;
        } catch (IOException | RuntimeException e) {
            try {
                if (file != null) {
                    file.close();
                }
            } catch (IOException ignored) {
                // nothing more to do: the loader reads through JarFile
            }
            return null;
        }
    }

    private static ClassDataIndex read(RandomAccessFile file) throws IOException {
        long length = file.length();
        if (length < END_SIZE) {
            return null;
        }
        // The end record is the jar's last 22 bytes unless the jar has a comment (the build writes none):
        // only then is the whole area where it may be (64 KB) read and searched.
        ByteBuffer end = readFully(file, length - END_SIZE, END_SIZE);
        int at = 0;
        if (end.getInt(0) != END_SIGNATURE || end.getShort(20) != 0) {
            int tail = (int) Math.min(length, END_SIZE + 0xFFFF);
            end = readFully(file, length - tail, tail);
            at = -1;
            for (int p = tail - END_SIZE; p >= 0; p--) {
                if (end.getInt(p) == END_SIGNATURE && p + END_SIZE + (end.getShort(p + 20) & 0xFFFF) == tail) {
                    at = p;
                    break;
                }
            }
            if (at < 0) {
                return null;
            }
        }
        int count = end.getShort(at + 10) & 0xFFFF;
        long centralSize = end.getInt(at + 12) & 0xFFFFFFFFL;
        long centralOffset = end.getInt(at + 16) & 0xFFFFFFFFL;
        if (count == 0xFFFF || centralSize == 0xFFFFFFFFL || centralOffset == 0xFFFFFFFFL
                || centralOffset + centralSize > length) {
            return null; // zip64, or not what the build writes
        }
        Window central = new Window(file, centralOffset, centralSize);
        int[] hashes = new int[count];
        long[] offsets = new long[count];
        int[] compressedSizes = new int[count];
        int[] sizes = new int[count];
        byte[] methods = new byte[count];
        byte[] folder = FOLDER.getBytes(StandardCharsets.US_ASCII);
        int n = 0;
        long p = 0;
        for (int i = 0; i < count; i++) {
            if (p + CENTRAL_SIZE > centralSize) {
                return null;
            }
            int h = central.at(p, CENTRAL_SIZE);
            ByteBuffer w = central.buffer;
            if (w.getInt(h) != CENTRAL_SIGNATURE) {
                return null;
            }
            int flags = w.getShort(h + 8) & 0xFFFF;
            int method = w.getShort(h + 10) & 0xFFFF;
            long compressed = w.getInt(h + 20) & 0xFFFFFFFFL;
            long size = w.getInt(h + 24) & 0xFFFFFFFFL;
            int nameLength = w.getShort(h + 28) & 0xFFFF;
            int extraLength = w.getShort(h + 30) & 0xFFFF;
            int commentLength = w.getShort(h + 32) & 0xFFFF;
            long offset = w.getInt(h + 42) & 0xFFFFFFFFL;
            if (p + CENTRAL_SIZE + nameLength > centralSize) {
                return null;
            }
            int name = central.at(p + CENTRAL_SIZE, nameLength);
            w = central.buffer;
            if (startsWith(w, name, nameLength, folder)) {
                if ((flags & 1) != 0 || (method != STORED && method != DEFLATED) || compressed >= Integer.MAX_VALUE
                        || size >= Integer.MAX_VALUE || offset == 0xFFFFFFFFL) {
                    return null; // encrypted, another compression, or zip64
                }
                hashes[n] = hash(w, name, nameLength);
                offsets[n] = offset;
                compressedSizes[n] = (int) compressed;
                sizes[n] = (int) size;
                methods[n] = (byte) method;
                n++;
            }
            p += CENTRAL_SIZE + nameLength + extraLength + commentLength;
        }
        int capacity = 2;
        while (capacity < 2 * n) {
            capacity <<= 1;
        }
        int[] slots = new int[capacity];
        for (int e = 0; e < n; e++) {
            int s = hashes[e] & (capacity - 1);
            while (slots[s] != 0) {
                s = (s + 1) & (capacity - 1);
            }
            slots[s] = e + 1;
        }
        return new ClassDataIndex(file, slots, hashes, offsets, compressedSizes, sizes, methods);
    }

    /**
     * The bytes of an entry under {@code inst/}, such as {@code inst/dev/pancake/agent/Agent.classdata},
     * or null when the jar has none of that name.
     *
     * @throws IOException when the jar cannot be read or the entry is damaged
     */
    byte[] read(String entryName) throws IOException {
        Buffer b = new Buffer();
        return read(entryName, b) ? b.array : null; // a new buffer grows to the entry's exact size
    }

    /**
     * Reads an entry under {@code inst/} into {@code into} (its array's first {@code length} bytes),
     * growing its array when the entry does not fit; false when the jar has no entry of that name.
     *
     * @throws IOException when the jar cannot be read or the entry is damaged
     */
    synchronized boolean read(String entryName, Buffer into) throws IOException {
        byte[] wanted = entryName.getBytes(StandardCharsets.UTF_8);
        int hash = hash(ByteBuffer.wrap(wanted), 0, wanted.length);
        int mask = slots.length - 1;
        for (int s = hash & mask; slots[s] != 0; s = (s + 1) & mask) {
            int e = slots[s] - 1;
            if (hashes[e] != hash) {
                continue;
            }
            long data = dataOffset(offsets[e], wanted);
            if (data >= 0) {
                byte[] out = into.fit(sizes[e]);
                if (methods[e] == STORED) {
                    readFully(file, data, out, sizes[e]);
                } else {
                    inflate(data, compressedSizes[e], out, sizes[e]);
                }
                return true;
            }
        }
        return false;
    }

    /** Where the entry's data begins, if the local header at {@code offset} names {@code wanted}; else -1. */
    private long dataOffset(long offset, byte[] wanted) throws IOException {
        ByteBuffer header = readFully(file, offset, LOCAL_SIZE + wanted.length);
        if (header.getInt(0) != LOCAL_SIGNATURE || (header.getShort(26) & 0xFFFF) != wanted.length
                || !startsWith(header, LOCAL_SIZE, wanted.length, wanted)) {
            return -1;
        }
        return offset + LOCAL_SIZE + wanted.length + (header.getShort(28) & 0xFFFF);
    }

    private void inflate(long data, int compressed, byte[] out, int size) throws IOException {
        if (scratch.length < compressed) {
            scratch = new byte[Math.max(compressed, scratch.length * 2)];
        }
        readFully(file, data, scratch, compressed);
        inflater.reset();
        inflater.setInput(scratch, 0, compressed);
        try {
            int done = 0;
            while (done < size) {
                int n = inflater.inflate(out, done, size - done);
                if (n == 0) {
                    break; // finished early, or the data ends before it: damaged
                }
                done += n;
            }
            if (done != size) {
                throw new IOException("damaged entry at " + data + ": " + done + " of " + size + " bytes");
            }
        } catch (DataFormatException e) {
            throw new IOException("damaged entry at " + data + ": " + e.getMessage(), e);
        }
    }

    /**
     * The central directory, read through one small array that moves along it, rather than into an
     * array of its own size (a few hundred KB, garbage as soon as the index is built).
     */
    private static final class Window {
        /** Larger than any record the build writes (46 bytes and a name); a longer one gets a larger array. */
        private static final int SIZE = 8192;

        private final RandomAccessFile file;
        private final long start;
        private final long size;
        /** Holds the directory's bytes from {@code from} on, up to its limit. */
        ByteBuffer buffer = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN).limit(0);
        private long from;

        Window(RandomAccessFile file, long start, long size) {
            this.file = file;
            this.start = start;
            this.size = size;
        }

        /**
         * Where the directory's byte {@code at} is in {@link #buffer}, with the {@code length} bytes from
         * there in it too (the caller has checked that the directory holds them).
         */
        int at(long at, int length) throws IOException {
            if (at < from || at + length > from + buffer.limit()) {
                if (buffer.capacity() < length) {
                    buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
                }
                int n = (int) Math.min(buffer.capacity(), size - at);
                readFully(file, start + at, buffer.array(), n);
                buffer.limit(n);
                from = at;
            }
            return (int) (at - from);
        }
    }

    private static ByteBuffer readFully(RandomAccessFile file, long position, int size) throws IOException {
        byte[] b = new byte[size];
        readFully(file, position, b, size);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void readFully(RandomAccessFile file, long position, byte[] into, int size) throws IOException {
        if (position < 0 || position + size > file.length()) {
            throw new IOException("the agent jar ends before the entry it lists at " + position);
        }
        file.seek(position);
        file.readFully(into, 0, size);
    }

    private static boolean startsWith(ByteBuffer b, int at, int length, byte[] prefix) {
        if (length < prefix.length || at + prefix.length > b.limit()) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b.get(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(ByteBuffer b, int at, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + (b.get(at + i) & 0xFF);
        }
        return h;
    }

    /**
     * An array that class files are read into, reused from one class to the next: {@code array}'s
     * first {@code length} bytes. Each class read into a new array would leave that array in the
     * application's heap as garbage, which an idle application never collects.
     */
    static final class Buffer {
        byte[] array = new byte[0];
        int length;

        /** The array, grown when {@code size} bytes do not fit (to exactly {@code size} the first time). */
        byte[] fit(int size) {
            if (array.length < size) {
                array = new byte[array.length == 0 ? size : Math.max(size, array.length * 2)];
            }
            length = size;
            return array;
        }
    }
}
