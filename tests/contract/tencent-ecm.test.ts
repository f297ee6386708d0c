import { fixture } from "./fixtures/tencent-ecm";
import { describeCloudContract } from "./suite";

describeCloudContract(fixture);
