/** The engine's placeholder for a value not known until apply (sent during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(isUnknown);
    if (v && typeof v === "object") return Object.values(v).some(isUnknown);
    return false;
}

/** A JSON round trip: the host cannot encode `undefined`, Dates or class instances in results. */
export function plain<T>(v: T): T {
    return v === undefined ? v : JSON.parse(JSON.stringify(v));
}
