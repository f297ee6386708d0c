import * as pulumi from "@pulumi/pulumi";

/**
 * The `__provider` text that real resources store, captured from the SDK under mocks: what the
 * program would send to the engine, without an engine.
 */
export async function captureSerializedProviders(build: () => void): Promise<Record<string, string>> {
    const seen: Record<string, string> = {};
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                seen[args.name] = args.inputs.__provider;
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: () => ({}),
        },
        "proj",
        "stack",
        false,
    );
    build();
    // Serialization is asynchronous; wait until every resource registered.
    for (let i = 0; i < 100 && Object.keys(seen).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    return seen;
}
