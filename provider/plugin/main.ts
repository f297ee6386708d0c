#!/usr/bin/env node
/** `pulumi-resource-image-import`: the provider plugin the engine starts (the package's `bin`). */
import { serve } from "./server";

serve().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
});
