/** The resource class for the fixture provider: `pulumi-nodejs:dynamic/fixture:JsonFile`. */
import * as pulumi from "@pulumi/pulumi";
import { jsonFileProvider } from "./provider";

export interface JsonFileArgs {
  fileName: pulumi.Input<string>;
  format?: pulumi.Input<string>;
  content: pulumi.Input<string>;
  secretValue?: pulumi.Input<string>;
  initAttempts?: pulumi.Input<number>;
  legacyDiff?: pulumi.Input<boolean>;
}

export class JsonFile extends pulumi.dynamic.Resource {
  declare readonly fileName: pulumi.Output<string>;
  declare readonly content: pulumi.Output<string>;
  declare readonly secretValue: pulumi.Output<string | undefined>;
  declare readonly checksum: pulumi.Output<string>;
  declare readonly revision: pulumi.Output<number>;
  declare readonly ready: pulumi.Output<boolean>;

  constructor(name: string, args: JsonFileArgs, opts?: pulumi.CustomResourceOptions) {
    // Output-only properties are seeded with undefined so the SDK resolves them (reference §1.4).
    super(jsonFileProvider, name, { ...args, checksum: undefined, revision: undefined, attempts: undefined, ready: undefined }, opts, "fixture", "JsonFile");
  }
}
