import ms from "ms";

/** "90m", "2h", "1.5h", "45s", "2d": ms's grammar, which Terraform-style timeouts also read naturally. */
export function parseDuration(text: string): number | undefined {
    if (typeof text !== "string" || !/^\s*\d+(\.\d+)?\s*[a-z]+\s*$/i.test(text)) return undefined;
    const value = ms(text.trim() as ms.StringValue);
    return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

export function formatDuration(msValue: number): string {
    return ms(Math.round(msValue), { long: false });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
