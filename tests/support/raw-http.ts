import * as net from "net";

export interface RawResponse {
    status: number;
    /** Header names lower-cased; a repeated header keeps its last value. */
    headers: Record<string, string>;
    /** The body as UTF-8 text. */
    body: string;
    /** The body parsed as JSON, or undefined when it is empty or not JSON. */
    json: any;
}

/**
 * Writes exactly these bytes to 127.0.0.1:`port` over a plain socket (so header order, case and
 * Host stay as given, and malformed requests reach the server) and reads one HTTP response. The
 * emulator always answers with Content-Length, so a response without it (chunked) is rejected.
 */
export function sendRaw(port: number, bytes: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
        const socket = net.connect(port, "127.0.0.1");
        let buf = Buffer.alloc(0);
        const fail = (message: string) => {
            socket.destroy();
            reject(new Error(`${message}; got ${JSON.stringify(buf.toString("latin1"))}`));
        };
        socket.on("data", (chunk: Buffer) => {
            buf = Buffer.concat([buf, chunk]);
            const end = buf.indexOf("\r\n\r\n");
            if (end < 0) return;
            const [statusLine, ...lines] = buf.subarray(0, end).toString("latin1").split("\r\n");
            const headers: Record<string, string> = {};
            for (const l of lines) headers[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 1).trim();
            if (headers["content-length"] === undefined) return fail("the response has no Content-Length");
            const length = Number(headers["content-length"]);
            if (buf.length < end + 4 + length) return;
            socket.destroy();
            const text = buf.subarray(end + 4, end + 4 + length).toString("utf8");
            let json: any;
            try {
                json = JSON.parse(text);
            } catch {
                json = undefined;
            }
            resolve({ status: Number(statusLine.split(" ")[1]), headers, body: text, json });
        });
        socket.on("error", reject);
        socket.setTimeout(5000, () => fail("no complete answer within 5 s"));
        socket.write(bytes);
    });
}
