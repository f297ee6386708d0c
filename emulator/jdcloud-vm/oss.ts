import { invalidArgument } from "./errors";

/**
 * [INF] How the emulator tells which OSS region an `imageUrl` lives in. JD only documents that the
 * URL must be an OSS external link in the same region; the emulator recognises JD OSS's two public
 * host conventions and reads the region from the host:
 *   https://<bucket>.s3.<region>.jdcloud-oss.com/<object>           (S3-compatible, as in capture C11)
 *   https://s3.<region>.jdcloud-oss.com/<bucket>/<object>           (path style)
 *   https://<bucket>.s3-internal.<region>.jdcloud-oss.com/<object>  (intranet)
 *   https://<bucket>.oss.<region>.jcloudcs.com/<object>             (legacy external-link domain)
 * Any other host is not an OSS link and is rejected with 400 INVALID_ARGUMENT.
 */
const OSS_HOSTS = [
    /^(?:([a-z0-9][a-z0-9.-]*)\.)?s3(?:-internal)?\.([a-z0-9-]+)\.jdcloud-oss\.com$/,
    /^(?:([a-z0-9][a-z0-9.-]*)\.)?oss\.([a-z0-9-]+)\.jcloudcs\.com$/,
];

export function ossRegionOf(imageUrl: string): string {
    let url: URL;
    try {
        url = new URL(imageUrl);
    } catch {
        throw invalidArgument(`Parameter imageUrl '${imageUrl}' is not a valid URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw invalidArgument("Parameter imageUrl must be an http(s) URL");
    for (const pattern of OSS_HOSTS) {
        const m = pattern.exec(url.hostname.toLowerCase());
        if (!m) continue;
        const segments = url.pathname.split("/").filter(Boolean);
        // Virtual-hosted style names the bucket in the host; path style names it in the first segment.
        if (segments.length < (m[1] ? 1 : 2)) throw invalidArgument("Parameter imageUrl must name an OSS object");
        return m[2];
    }
    throw invalidArgument("Parameter imageUrl must be a JD Cloud OSS object URL");
}
