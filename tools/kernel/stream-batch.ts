/**
 * `StreamBatch`: IOPub `stream` messages (what a cell prints) that wait in the
 * publisher's queue, folded into one message, as ipykernel batches its output. A
 * cell printing 100,000 lines in a loop then costs Jupyter a few messages instead of
 * 100,000: nbclient (nbconvert) gives up on IOPub 4 s after a cell's reply and drops
 * whatever it has not read by then.
 */
import { createHmac } from 'node:crypto';

/** The frame between a message's routing prefix and its signature. */
const DELIMITER = '<IDS|MSG>';
/** A batch stops growing at this many characters of text (about 1 MiB): later text starts the next one. */
export const MAX_BATCH_CHARS = 1 << 20;

/**
 * One stream message as tslab frames it (`[topic…, "<IDS|MSG>", signature, header,
 * parent_header, metadata, content]`, JSON as strings), to which the text of later
 * stream messages of the same cell and stream can be appended.
 */
export class StreamBatch {
  private readonly chunks: string[];
  private chars: number;

  private constructor(
    private readonly frames: readonly unknown[],
    private readonly delimiterAt: number,
    readonly name: string,
    text: string,
  ) {
    this.chunks = [text];
    this.chars = text.length;
  }

  /**
   * Reads `frames` as a stream message, or returns undefined for any other message
   * (or frames not laid out as tslab lays them out).
   */
  static parse(frames: unknown): StreamBatch | undefined {
    if (!Array.isArray(frames)) return undefined;
    const at = frames.findIndex((frame) => String(frame) === DELIMITER);
    if (at < 0 || frames.length !== at + 6) return undefined;
    const [header, content] = [asText(frames[at + 2]), asText(frames[at + 5])];
    if (header === undefined || content === undefined || !header.includes('"msg_type":"stream"')) return undefined;
    let name: unknown;
    let text: unknown;
    try {
      if ((JSON.parse(header) as { msg_type?: unknown }).msg_type !== 'stream') return undefined;
      ({ name, text } = JSON.parse(content) as { name?: unknown; text?: unknown });
    } catch {
      return undefined;
    }
    if (typeof name !== 'string' || typeof text !== 'string') return undefined;
    return new StreamBatch(frames, at, name, text);
  }

  /** How many messages were folded into this one (1 for a message on its own). */
  get count(): number {
    return this.chunks.length;
  }

  /**
   * Appends `next`'s text if it goes to the same subscribers, answers the same
   * request, writes to the same stream and the batch stays under {@link MAX_BATCH_CHARS}.
   *
   * @returns Whether it was appended.
   */
  append(next: StreamBatch): boolean {
    if (next.name !== this.name || this.chars + next.chars > MAX_BATCH_CHARS || next.frames.length !== this.frames.length) return false;
    // Same routing prefix, parent_header and metadata (the header is this batch's own).
    for (let i = 0; i < this.frames.length; i += 1) {
      if (i === this.delimiterAt + 1 || i === this.delimiterAt + 2 || i === this.delimiterAt + 5) continue;
      if (String(this.frames[i]) !== String(next.frames[i])) return false;
    }
    this.chunks.push(...next.chunks);
    this.chars += next.chars;
    return true;
  }

  /**
   * The frames to send: the first message's own when nothing was appended, else its
   * header with the joined text, signed again (HMAC-SHA256 with `key`, as tslab signs).
   */
  toFrames(key: string): unknown[] {
    if (this.chunks.length === 1) return [...this.frames];
    const at = this.delimiterAt;
    const body = [this.frames[at + 2], this.frames[at + 3], this.frames[at + 4]].map(String);
    body.push(JSON.stringify({ name: this.name, text: this.chunks.join('') }));
    const hmac = createHmac('sha256', key);
    for (const part of body) hmac.update(part);
    return [...this.frames.slice(0, at + 1), hmac.digest('hex'), ...body];
  }
}

/** A frame's text: tslab's frames are strings, a zeromq peer's Buffers. */
function asText(frame: unknown): string | undefined {
  if (typeof frame === 'string') return frame;
  return Buffer.isBuffer(frame) ? frame.toString('utf8') : undefined;
}

/** How often a publisher sends a stream message at most, in ms: 50 a second, whatever a cell prints. */
export const STREAM_INTERVAL_MS = 20;

/**
 * The batching of a publisher's `SendQueue` (send-queue.ts), whose stream messages
 * are pushed as {@link StreamBatch}es (other messages as they are): a stream message
 * waiting in the queue takes in the stream messages that follow it, and goes at
 * most every {@link STREAM_INTERVAL_MS}. Its `send` sends `batch.toFrames(key)`.
 *
 * @example
 * ```ts
 * const queue = new SendQueue((m) => socket.send(m instanceof StreamBatch ? m.toFrames(key) : m), { batching: streamBatching });
 * queue.push(StreamBatch.parse(frames) ?? frames);
 * ```
 */
export const streamBatching = {
  canGrow: (message: unknown): boolean => message instanceof StreamBatch,
  merge: (waiting: unknown, next: unknown): StreamBatch | undefined =>
    waiting instanceof StreamBatch && next instanceof StreamBatch && waiting.append(next) ? waiting : undefined,
  intervalMs: STREAM_INTERVAL_MS,
};
