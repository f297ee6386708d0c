import { fixture } from "./fixtures/alicloud-ens";
import { describeCloudContract } from "./suite";

// The same contract through the provider plugin (pulumi-resource-image-import).
describeCloudContract(fixture, "plugin");
