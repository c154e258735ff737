/**
 * Jupyter messaging protocol (v5.3) on the wire: building, signing,
 * framing and parsing messages, with HMAC-SHA256 signature verification.
 *
 * A message on a ZeroMQ socket is a list of frames:
 *
 *   [identity..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffer...]
 *
 * The signature is the hex HMAC-SHA256 (keyed with the connection key) of the
 * four JSON frames header, parent_header, metadata and content, in that order.
 * See https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** Protocol version written in the header of every message we build. */
export const PROTOCOL_VERSION = '5.3';

/** Frame separating the ZeroMQ routing identities from the message proper. */
export const DELIMITER = Buffer.from('<IDS|MSG>', 'utf8');

/** A JSON object as decoded from a message frame. */
export type JsonObject = { [key: string]: unknown };

/** The header of a Jupyter message. */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded Jupyter message. */
export interface JupyterMessage<C extends JsonObject = JsonObject> {
  /** ZeroMQ routing identities preceding the delimiter (empty for DEALER/SUB sockets). */
  identities: Buffer[];
  header: MessageHeader;
  /** Header of the request this message answers; `{}` when there is none. */
  parent_header: Partial<MessageHeader>;
  metadata: JsonObject;
  content: C;
  /** Extra binary buffers after the content frame (not covered by the signature). */
  buffers: Buffer[];
}

/** Thrown when a received message's signature does not match its content. */
export class SignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureError';
  }
}

/** Thrown when received frames are not a well-formed Jupyter message. */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

/** Options for {@link createMessage}. */
export interface CreateMessageOptions {
  /** Session id of the client; the same for every message of one client. */
  session: string;
  /** Defaults to `"notebook-runner"`. */
  username?: string;
  /** Header of the message being answered, if any. */
  parent?: MessageHeader;
  metadata?: JsonObject;
}

/**
 * Builds a new message with a fresh `msg_id` and the current date.
 *
 * @param msgType e.g. `"execute_request"`.
 * @param content the message content.
 */
export function createMessage<C extends JsonObject>(
  msgType: string,
  content: C,
  options: CreateMessageOptions,
): JupyterMessage<C> {
  return {
    identities: [],
    header: {
      msg_id: randomUUID(),
      session: options.session,
      username: options.username ?? 'notebook-runner',
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: options.parent ?? {},
    metadata: options.metadata ?? {},
    content,
    buffers: [],
  };
}

/**
 * Computes the hex HMAC-SHA256 signature of the given frames.
 * An empty key means authentication is disabled and yields an empty signature.
 */
export function sign(key: string, frames: readonly (Buffer | string)[]): string {
  if (key === '') return '';
  const hmac = createHmac('sha256', key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest('hex');
}

/**
 * Serializes and signs a message into ZeroMQ frames, delimiter included.
 *
 * @param key the connection key (`""` for unsigned messages).
 */
export function serialize(message: JupyterMessage, key: string): Buffer[] {
  const body = [
    JSON.stringify(message.header),
    JSON.stringify(message.parent_header),
    JSON.stringify(message.metadata),
    JSON.stringify(message.content),
  ].map((text) => Buffer.from(text, 'utf8'));
  const signature = Buffer.from(sign(key, body), 'utf8');
  return [...message.identities, DELIMITER, signature, ...body, ...message.buffers];
}

/**
 * Parses received frames into a message after verifying the signature.
 *
 * @param key the connection key; when non-empty every message must carry a valid signature.
 * @throws {SignatureError} if the signature is missing or does not match.
 * @throws {WireFormatError} if the frames are not a Jupyter message.
 */
export function deserialize(frames: readonly Buffer[], key: string): JupyterMessage {
  const delimiterAt = frames.findIndex((frame) => frame.equals(DELIMITER));
  if (delimiterAt < 0) {
    throw new WireFormatError('Jupyter message has no <IDS|MSG> delimiter frame');
  }
  const signature = frames[delimiterAt + 1];
  const body = frames.slice(delimiterAt + 2, delimiterAt + 6);
  if (signature === undefined || body.length < 4) {
    throw new WireFormatError(
      `Jupyter message is truncated: expected a signature and 4 JSON frames after the delimiter, got ${frames.length - delimiterAt - 1} frame(s)`,
    );
  }
  verifySignature(key, signature, body);

  const [header, parent, metadata, content] = body.map((frame, i) =>
    parseJsonObject(frame, ['header', 'parent_header', 'metadata', 'content'][i] ?? 'frame'),
  ) as [JsonObject, JsonObject, JsonObject, JsonObject];
  if (typeof header['msg_type'] !== 'string' || typeof header['msg_id'] !== 'string') {
    throw new WireFormatError('Jupyter message header lacks msg_type or msg_id');
  }
  return {
    identities: frames.slice(0, delimiterAt),
    header: header as unknown as MessageHeader,
    parent_header: parent as Partial<MessageHeader>,
    metadata,
    content,
    buffers: frames.slice(delimiterAt + 6),
  };
}

function verifySignature(key: string, signature: Buffer, body: readonly Buffer[]): void {
  if (key === '') return;
  const expected = Buffer.from(sign(key, body), 'utf8');
  if (signature.length === 0) {
    throw new SignatureError('Rejected an unsigned Jupyter message (the connection requires HMAC-SHA256 signatures)');
  }
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    throw new SignatureError(
      `Rejected a Jupyter message with an invalid HMAC-SHA256 signature (${abbreviate(signature.toString('utf8'))}); ` +
        'the message was tampered with or signed with another key',
    );
  }
}

function parseJsonObject(frame: Buffer, what: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString('utf8'));
  } catch (error) {
    throw new WireFormatError(`Jupyter message ${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WireFormatError(`Jupyter message ${what} is not a JSON object`);
  }
  return value as JsonObject;
}

function abbreviate(text: string): string {
  return text.length > 16 ? `${text.slice(0, 16)}…` : text;
}
