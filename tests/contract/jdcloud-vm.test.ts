import { fixture } from "./fixtures/jdcloud-vm";
import { describeCloudContract } from "./suite";

describeCloudContract(fixture);
