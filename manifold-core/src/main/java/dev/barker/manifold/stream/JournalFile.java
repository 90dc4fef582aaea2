package dev.barker.manifold.stream;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One file of {@link DurableStore}'s journal: records appended at its end, each checked by a CRC,
 * read back in order. A record is {@code [int length][int crc32c][byte type][int stream length]
 * [stream, UTF-8][long seq]}, and for an append {@code [byte pending][the message's bytes]}; the
 * file starts with {@link #MAGIC}. What a crash tore off the end (a short or damaged record, or a
 * header half written) is cut off when the file is opened again. Used from one thread at a time
 * (the store's commits).
 */
final class JournalFile implements AutoCloseable {

  /** What a record says happened. */
  enum Type {
    APPEND(1), ACKNOWLEDGE(2), REMOVE(3);

    /** Its byte in the file. */
    final byte code;

    Type(int code) {
      this.code = (byte) code;
    }

    static Type of(byte code) {
      for (Type type : values()) {
        if (type.code == code) {
          return type;
        }
      }
      throw new IllegalArgumentException("unknown record type " + code);
    }
  }

  /** One record: for {@link Type#APPEND} the message and whether it is pending, otherwise null and false. */
  record Record(Type type, String stream, long seq, byte[] bytes, boolean pending) {

    static Record append(String stream, Entry entry) {
      return new Record(Type.APPEND, stream, entry.seq(), entry.bytes(), entry.isPending());
    }

    /** At most its size in the file. */
    int maxSize() {
      return HEADER + 1 + 4 + stream.length() * 3 + 8 + (type == Type.APPEND ? 1 + bytes.length : 0);
    }
  }

  /** The size in the file of an append to {@code stream} (of ASCII characters: about, otherwise) of a {@code messageBytes} message. */
  static int appendSize(String stream, int messageBytes) {
    return HEADER + 1 + 4 + stream.length() + 8 + 1 + messageBytes;
  }

  /** Receives each record read back. */
  @FunctionalInterface
  interface Replay {
    void apply(Record record);
  }

  static final int MAGIC = 0x42524b4a; // "BRKJ", version 1
  private static final int HEADER = 8;
  private static final int BUFFER_BYTES = 1 << 20;

  private final Path path;
  private final FileChannel channel;
  private ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private final CRC32C crc = new CRC32C();
  /** Where the last complete write ended: where the next one starts. */
  private long good;
  /**
   * Where the last synced write ended: what a failed write is cut back to. Not {@link #good}: after
   * a failed fsync the kernel may have dropped what was written unsynced before it, leaving a hole
   * that would end the journal's reading there.
   */
  private long synced;

  private JournalFile(Path path, FileChannel channel, long good) {
    this.path = path;
    this.channel = channel;
    this.good = good;
    this.synced = good;
  }

  /** Creates {@code path}, which must not exist, with its header on disk. */
  static JournalFile create(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.READ);
    try {
      writeHeader(channel);
      syncDirectory(path.getParent());
      return new JournalFile(path, channel, 4);
    } catch (IOException e) {
      channel.close();
      Files.deleteIfExists(path);
      throw e;
    }
  }

  /** Reads every record of {@code path} into {@code replay} and opens it for appending after the last good one. */
  static JournalFile open(Path path, Replay replay) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ);
    try {
      if (channel.size() < 4) { // a crash while it was created: nothing in it
        channel.truncate(0);
        writeHeader(channel);
      }
      long good = read(path, channel, replay);
      if (good < channel.size()) {
        channel.truncate(good); // torn off by a crash mid-write: never accepted
        channel.force(true);
      }
      channel.position(good);
      return new JournalFile(path, channel, good);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  /** Bytes in the file. */
  long size() {
    return good;
  }

  /**
   * Writes {@code records} at the end and, when {@code sync}, waits until they are on the disk. On
   * failure the file is cut back to where it was (when it can be), so a later write follows whole records.
   */
  void write(List<Record> records, boolean sync) throws IOException {
    try {
      if (channel.size() > good) {
        channel.truncate(good); // what a failed write left, when it could not be cut then
      }
      channel.position(good);
      for (Record record : records) {
        if (buffer.remaining() < record.maxSize()) {
          drain();
          if (buffer.capacity() < record.maxSize()) {
            buffer = ByteBuffer.allocateDirect(record.maxSize());
          }
        }
        encode(record);
      }
      drain();
      if (sync) {
        channel.force(false);
      }
      good = channel.position();
      if (sync) {
        synced = good;
      }
    } catch (IOException e) {
      buffer.clear();
      good = synced; // unsynced acknowledgements and trims go with it: after a crash they could too
      try {
        channel.truncate(good);
      } catch (IOException stillFailing) {
        e.addSuppressed(stillFailing); // cut at the next write, see its start
      }
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void encode(Record record) {
    int start = buffer.position();
    buffer.position(start + HEADER);
    buffer.put(record.type().code);
    byte[] stream = record.stream().getBytes(StandardCharsets.UTF_8);
    buffer.putInt(stream.length).put(stream).putLong(record.seq());
    if (record.type() == Type.APPEND) {
      buffer.put((byte) (record.pending() ? 1 : 0)).put(record.bytes());
    }
    int end = buffer.position();
    crc.reset();
    crc.update(buffer.slice(start + HEADER, end - start - HEADER));
    buffer.putInt(start, end - start - HEADER).putInt(start + 4, (int) crc.getValue());
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  /** Replays the records of {@code channel}; returns where the last whole one ends. */
  private static long read(Path path, FileChannel channel, Replay replay) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel.position(0)),
        BUFFER_BYTES));
    long size = channel.size();
    if (size < 4 || in.readInt() != MAGIC) {
      throw new IOException(path + " is not a journal of this version");
    }
    CRC32C check = new CRC32C();
    long good = 4;
    while (size - good >= HEADER) {
      int length = in.readInt();
      int expected = in.readInt();
      if (length <= 0 || length > size - good - HEADER) {
        break;
      }
      byte[] body = in.readNBytes(length);
      check.reset();
      check.update(body);
      if ((int) check.getValue() != expected) {
        break;
      }
      try {
        replay.apply(decode(ByteBuffer.wrap(body)));
      } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException
          | NegativeArraySizeException e) {
        throw new IOException(path + " has a record it cannot read at byte " + good, e);
      }
      good += HEADER + length;
    }
    return good;
  }

  private static Record decode(ByteBuffer body) {
    Type type = Type.of(body.get());
    byte[] stream = new byte[body.getInt()];
    body.get(stream);
    long seq = body.getLong();
    if (type != Type.APPEND) {
      return new Record(type, new String(stream, StandardCharsets.UTF_8), seq, null, false);
    }
    boolean pending = body.get() != 0;
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return new Record(type, new String(stream, StandardCharsets.UTF_8), seq, bytes, pending);
  }

  private static void writeHeader(FileChannel channel) throws IOException {
    channel.write(ByteBuffer.allocate(4).putInt(0, MAGIC), 0);
    channel.force(true);
  }

  /** Makes a file created or deleted in {@code directory} survive power loss. */
  static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
