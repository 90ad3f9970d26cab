import { describe, expect, it } from "vitest";
import { ByteCache } from "../../src/io/byte-cache.js";

describe("ByteCache", () => {
  it("finds a key by its bytes wherever they lie, empty keys included", () => {
    const cache = new ByteCache<number>(8);
    const first = Buffer.from("xxhelloxx,,");
    expect(cache.get(first, 2, 7)).toBeUndefined();
    cache.set(first, 2, 7, 1);
    expect(cache.get(first, 9, 9)).toBeUndefined();
    cache.set(first, 9, 9, 2);
    const second = Buffer.from("hello");
    expect(cache.get(second, 0, 5)).toBe(1);
    expect(cache.get(second, 3, 3)).toBe(2);
    expect(cache.get(second, 0, 4)).toBeUndefined();
    expect(cache.get(Buffer.from("hellp"), 0, 5)).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it("keeps what it holds once full, and tells colliding keys apart", () => {
    const cache = new ByteCache<string>(100);
    const keys = Array.from({ length: 150 }, (_, i) => Buffer.from(`key ${i}`));
    for (const key of keys)
      if (cache.get(key, 0, key.length) === undefined)
        cache.set(key, 0, key.length, key.toString());
    expect(cache.size).toBe(100);
    keys.forEach((key, i) =>
      expect(cache.get(key, 0, key.length)).toBe(i < 100 ? key.toString() : undefined),
    );
  });

  it("tells apart keys of one length with the same first and last byte", () => {
    const cache = new ByteCache<string>(10);
    const keys = ["axxb", "ayyb", "azzb", "axyb"].map((k) => Buffer.from(k));
    for (const key of keys) {
      expect(cache.get(key, 0, 4)).toBeUndefined();
      cache.set(key, 0, 4, key.toString());
    }
    for (let round = 0; round < 3; round++)
      for (const key of [...keys].reverse()) expect(cache.get(key, 0, 4)).toBe(key.toString());
    expect(cache.get(Buffer.from("awwb"), 0, 4)).toBeUndefined();
    expect(cache.get(Buffer.from("axx"), 0, 3)).toBeUndefined();
  });
  it("does not take a key for a longer one it starts, when their lengths differ by 64", () => {
    // The recent-hit table sees only the length modulo 64 and the first and last byte.
    const cache = new ByteCache<string>(10);
    const long = Buffer.from(`ab${"z".repeat(63)}b`);
    const short = Buffer.from("ab");
    expect(cache.get(long, 0, long.length)).toBeUndefined();
    cache.set(long, 0, long.length, "long");
    expect(cache.get(long, 0, long.length)).toBe("long");
    expect(cache.get(short, 0, short.length)).toBeUndefined();
    cache.set(short, 0, short.length, "short");
    expect(cache.get(short, 0, short.length)).toBe("short");
    expect(cache.get(long, 0, long.length)).toBe("long");
  });
});
