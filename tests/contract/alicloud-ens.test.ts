import { fixture } from "./fixtures/alicloud-ens";
import { describeCloudContract } from "./suite";

describeCloudContract(fixture);
