import { randomBytes } from "crypto";

const ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";

/** `n` random characters of [0-9a-z], the alphabet of every id these clouds issue. */
export function randomAlnum(n: number): string {
    const bytes = randomBytes(n);
    let s = "";
    for (const b of bytes) s += ALNUM[b % ALNUM.length];
    return s;
}

