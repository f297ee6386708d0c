import type * as pulumi from "@pulumi/pulumi";

const shims = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * The provider Pulumi serializes into state for every resource: a few lines that load the
 * package's runtime by its bare name when the host runs them, so state stays small and `refresh`
 * and `destroy` run the installed package's code, not a copy frozen at `up`.
 *
 * The host evaluates this text without a file name, which hides the project from Node's own
 * resolution (and from package self-reference); createRequire from the project directory (the host's
 * cwd) restores exactly the lookup a file in the project would get.
 */
export function shimFor(cloud: string): pulumi.dynamic.ResourceProvider {
    let shim = shims.get(cloud);
    if (!shim) {
        shim = makeShim(cloud);
        // One object per cloud: Pulumi caches serialization per provider object.
        shims.set(cloud, shim);
    }
    return shim;
}

function makeShim(cloud: string): pulumi.dynamic.ResourceProvider {
    const runtime = () => require("module").createRequire(require("path").join(process.cwd(), "index.js"))("pulumi-image-import/runtime");
    return {
        configure: (req) => runtime().configure(req),
        check: (olds, news) => runtime().provider(cloud).check(olds, news),
        diff: (id, olds, news) => runtime().provider(cloud).diff(id, olds, news),
        create: (inputs) => runtime().provider(cloud).create(inputs),
        read: (id, props) => runtime().provider(cloud).read(id, props),
        update: (id, olds, news) => runtime().provider(cloud).update(id, olds, news),
        delete: (id, props) => runtime().provider(cloud).delete(id, props),
    };
}
