import { createHash, createHmac, timingSafeEqual } from "crypto";

/**
 * The hashing primitives the clouds' request signatures are built from. Each cloud's algorithm
 * (canonical request, string to sign, key derivation) stays in its own folder; only these shared
 * building blocks live here.
 */

/** Lower-case hex SHA-256 of `data`. */
export function sha256Hex(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/** The raw HMAC of `data` under `key`; encode it with `.toString("hex" | "base64")` where a cloud sends text. */
export function hmac(algorithm: "sha1" | "sha256", key: string | Buffer, data: string): Buffer {
    return createHmac(algorithm, key).update(data).digest();
}

/** Compares two signatures without leaking, through timing, how much of them matches. */
export function constantTimeEqual(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
}
