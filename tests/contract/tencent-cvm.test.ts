import { fixture } from "./fixtures/tencent-cvm";
import { describeCloudContract } from "./suite";

describeCloudContract(fixture);
