import { GENERATE_NAME_ALPHABET, generateName, generateNameSuffix, newUID, nowRFC3339 } from './object-meta';
import { isDNS1123Subdomain } from './validation';

describe('object meta helpers', () => {
  it('newUID returns distinct v4 UUIDs', () => {
    const a = newUID();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newUID()).not.toBe(a);
  });

  it('nowRFC3339 drops sub-second precision and ends in Z', () => {
    expect(nowRFC3339(new Date('2026-11-23T10:00:00.987Z'))).toBe('2026-11-23T10:00:00Z');
    expect(nowRFC3339()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('generateNameSuffix draws 5 characters from the kube alphabet', () => {
    expect(GENERATE_NAME_ALPHABET).toBe('bcdfghjklmnpqrstvwxz2456789');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const s = generateNameSuffix();
      expect(s).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      seen.add(s);
    }
    expect(seen.size).toBeGreaterThan(190);
  });

  it('generateName appends a suffix and keeps the result within 253', () => {
    expect(generateName('web-')).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const long = generateName('a'.repeat(300));
    expect(long).toHaveLength(253);
    expect(isDNS1123Subdomain(long)).toEqual([]);
  });
});
