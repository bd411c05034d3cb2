import { fstatSync, readSync, writeSync } from "node:fs";
import { deserialize, serialize } from "node:v8";

// A state file is a sequence of frames, each a 4-byte length and a `v8.serialize`d value, so
// neither writing nor reading ever holds the whole file in memory.

/** Append one frame holding `value` to the file open at `fd`. */
export function writeFrame(fd: number, value: unknown): void {
  const blob = serialize(value);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(blob.length);
  writeSync(fd, length);
  writeSync(fd, blob);
}

/** Reads the frames of a state file one by one; throws on a short or damaged one. */
export function frameReader(fd: number): () => unknown {
  let left = fstatSync(fd).size;
  let buffer = Buffer.allocUnsafe(1 << 20);
  const readExactly = (length: number): Buffer => {
    // A damaged length must not make us allocate gigabytes before finding out.
    if (length > left) throw new Error("the file ends in the middle of a frame");
    left -= length;
    if (length > buffer.length) buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buffer, done, length - done, null);
      if (n === 0) throw new Error("the file ends in the middle of a frame");
      done += n;
    }
    return buffer.subarray(0, length);
  };
  // `deserialize` copies what it reads, so the buffer is reused frame after frame.
  return (): unknown => deserialize(readExactly(readExactly(4).readUInt32LE(0)));
}
