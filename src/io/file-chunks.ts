/** Reading a file in blocks into reused buffers, for the CSV reader. */
import { open } from "node:fs/promises";

/**
 * A file in blocks of `block` bytes, the next one read (on libuv's thread pool) while the
 * caller works on the current one. Two buffers take turns: the CSV reader copies out what it
 * keeps between chunks, and fresh large buffers would cost a page fault per 4 KB.
 */
export async function* fileChunks(path: string, block = 4 << 20): AsyncGenerator<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffers = [Buffer.allocUnsafe(block), Buffer.allocUnsafe(block)];
    let turn = 0;
    let next = handle.read(buffers[0]!, 0, block, null);
    for (;;) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) return;
      turn ^= 1;
      next = handle.read(buffers[turn]!, 0, block, null);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
