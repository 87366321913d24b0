import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { positionAfter } from '../../src/domain/page-cursor.js';
import { createCursorCodec } from '../../src/security/cursor-codec.js';

describe('cursor codec (one for every paged listing)', () => {
  const codec = createCursorCodec('test-secret-key-test-secret-key-0123456789');
  const position = { createdAt: '2026-01-01T00:00:00.000Z', id: randomUUID() };

  it('round-trips a position for its own listing only', () => {
    const cursor = codec.encode('orders:a', position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode('orders:a', cursor)).toEqual(position);
    expect(codec.decode('orders:b', cursor)).toBeNull();
    expect(createCursorCodec('another-secret-another-secret-0123456789').decode('orders:a', cursor)).toBeNull();
  });

  it('refuses edited, truncated and foreign text', () => {
    const cursor = codec.encode('venues', position);
    const raw = Buffer.from(cursor, 'base64url');
    const edited = Buffer.concat([raw.subarray(0, 16), Buffer.from(JSON.stringify({ ...position, id: randomUUID() }))]).toString(
      'base64url',
    );
    for (const bad of [
      edited,
      cursor.slice(0, 20),
      `${cursor}x`,
      'not a cursor!',
      'AAAA',
      Buffer.from('2026-01-01|x').toString('base64url'),
    ]) {
      expect(codec.decode('venues', bad), bad).toBeNull();
    }
  });

  it('page positions: null without a cursor, 400 VALIDATION_FAILED for one not signed for the listing', () => {
    expect(positionAfter(codec, 'venues', undefined)).toBeNull();
    expect(positionAfter(codec, 'venues', codec.encode('venues', position))).toEqual({
      createdAt: new Date(position.createdAt),
      id: position.id,
    });
    for (const bad of [
      codec.encode('orders:a', position),
      codec.encode('venues', { createdAt: 'yesterday', id: position.id }),
      'garbage',
    ]) {
      expect(() => positionAfter(codec, 'venues', bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }));
    }
  });
});
