import ms from "ms";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration as users write one: Go and Terraform style, one unit or several ("90m", "2h", "1h30m",
 * "1.5h", "45s", "500ms", "2d"), or ms's words ("2 hours").
 */
export function parseDuration(text: string): number | undefined {
    if (typeof text !== "string") return undefined;
    const t = text.trim();
    let value: number | undefined;
    if (/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(t)) {
        value = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit], 0);
    } else if (/^\d+(\.\d+)?\s*[a-z]+$/i.test(t)) {
        value = ms(t as ms.StringValue);
    }
    return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The way parseDuration reads it, exact to the second ("1h30m", "2m5s"), never rounded to the next unit. */
export function formatDuration(msValue: number): string {
    const total = Math.max(0, Math.round(msValue));
    if (total < 1000) return `${total}ms`;
    let rest = Math.round(total / 1000);
    const parts: string[] = [];
    for (const [unit, size] of [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]] as const) {
        const n = Math.floor(rest / size);
        rest -= n * size;
        if (n) parts.push(`${n}${unit}`);
    }
    return parts.join("");
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
