import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DELIMITER,
  PROTOCOL_VERSION,
  SignatureError,
  WireFormatError,
  createMessage,
  deserialize,
  serialize,
  sign,
} from '../../../tools/notebook-runner/wire.js';

const KEY = 'a0b1c2d3e4f5-test-key';

function sampleMessage() {
  return createMessage('execute_request', { code: 'console.log("héllo")', silent: false }, { session: 'session-1' });
}

describe('createMessage', () => {
  it('fills a v5.3 header with a fresh msg_id and an empty parent', () => {
    const a = sampleMessage();
    const b = sampleMessage();
    expect(a.header).toMatchObject({
      msg_type: 'execute_request',
      session: 'session-1',
      username: 'notebook-runner',
      version: PROTOCOL_VERSION,
    });
    expect(PROTOCOL_VERSION).toBe('5.3');
    expect(new Date(a.header.date).toString()).not.toBe('Invalid Date');
    expect(a.header.msg_id).not.toBe(b.header.msg_id);
    expect(a.parent_header).toEqual({});
    expect(a.identities).toEqual([]);
  });

  it('links replies to their parent header', () => {
    const request = sampleMessage();
    const reply = createMessage('execute_reply', { status: 'ok' }, { session: 's', parent: request.header });
    expect(reply.parent_header.msg_id).toBe(request.header.msg_id);
  });
});

describe('sign', () => {
  it('is the hex HMAC-SHA256 of the frames in order', () => {
    const expected = createHmac('sha256', KEY).update('one').update('two').digest('hex');
    expect(sign(KEY, ['one', Buffer.from('two')])).toBe(expected);
    expect(sign(KEY, ['two', 'one'])).not.toBe(expected);
  });

  it('gives an empty signature when authentication is disabled', () => {
    expect(sign('', ['one'])).toBe('');
  });
});

describe('serialize', () => {
  it('frames identities, delimiter, signature and the four JSON parts', () => {
    const message = { ...sampleMessage(), identities: [Buffer.from('peer-a')] };
    const frames = serialize(message, KEY);
    expect(frames).toHaveLength(7);
    expect(frames[0]?.toString()).toBe('peer-a');
    expect(frames[1]?.equals(DELIMITER)).toBe(true);
    expect(frames[1]?.toString()).toBe('<IDS|MSG>');
    const body = frames.slice(3);
    expect(frames[2]?.toString()).toBe(sign(KEY, body));
    expect(JSON.parse(body[0]?.toString() ?? '')).toEqual(message.header);
    expect(JSON.parse(body[1]?.toString() ?? '')).toEqual({});
    expect(JSON.parse(body[2]?.toString() ?? '')).toEqual({});
    expect(JSON.parse(body[3]?.toString() ?? '')).toEqual(message.content);
  });
});

describe('deserialize', () => {
  it('round-trips a signed message, keeping identities and buffers', () => {
    const message = { ...sampleMessage(), identities: [Buffer.from('id1'), Buffer.from('id2')], buffers: [Buffer.from([1, 2, 3])] };
    const parsed = deserialize(serialize(message, KEY), KEY);
    expect(parsed.header).toEqual(message.header);
    expect(parsed.content).toEqual(message.content);
    expect(parsed.identities.map(String)).toEqual(['id1', 'id2']);
    expect(parsed.buffers).toEqual([Buffer.from([1, 2, 3])]);
  });

  it('rejects a message whose content was tampered with', () => {
    const frames = serialize(sampleMessage(), KEY);
    frames[frames.length - 1] = Buffer.from(JSON.stringify({ code: 'process.exit()', silent: false }));
    expect(() => deserialize(frames, KEY)).toThrow(SignatureError);
    expect(() => deserialize(frames, KEY)).toThrow(/invalid HMAC-SHA256 signature/);
  });

  it('rejects a tampered signature', () => {
    const frames = serialize(sampleMessage(), KEY);
    const signature = frames[1 + 1]?.toString() ?? '';
    frames[2] = Buffer.from((signature[0] === 'a' ? 'b' : 'a') + signature.slice(1));
    expect(() => deserialize(frames, KEY)).toThrow(SignatureError);
  });

  it('rejects a message signed with another key', () => {
    expect(() => deserialize(serialize(sampleMessage(), 'other-key'), KEY)).toThrow(SignatureError);
  });

  it('rejects an unsigned message when a key is configured', () => {
    expect(() => deserialize(serialize(sampleMessage(), ''), KEY)).toThrow(/unsigned/);
  });

  it('rejects frames without delimiter, truncated messages and non-JSON parts', () => {
    expect(() => deserialize([Buffer.from('x')], KEY)).toThrow(WireFormatError);
    const frames = serialize(sampleMessage(), KEY);
    expect(() => deserialize(frames.slice(0, 4), KEY)).toThrow(/truncated/);
    const body = [Buffer.from('{}'), Buffer.from('{}'), Buffer.from('{}'), Buffer.from('not json')];
    expect(() => deserialize([DELIMITER, Buffer.from(sign(KEY, body)), ...body], KEY)).toThrow(/content is not valid JSON/);
  });

  it('rejects a correctly signed message without msg_type', () => {
    const body = ['{"msg_id":"1"}', '{}', '{}', '{}'].map((text) => Buffer.from(text));
    expect(() => deserialize([DELIMITER, Buffer.from(sign(KEY, body)), ...body], KEY)).toThrow(/msg_type/);
  });
});
