/** Alibaba Cloud region ids, such as cn-beijing, ap-southeast-1 or cn-hangzhou-finance. */
export const ALICLOUD_REGION = { re: /^[a-z]{2}(-[a-z0-9]+)+$/, rule: "must be an Alibaba Cloud region id such as cn-beijing" };

/** The variables that hold the region, newest name first (stack config `alicloud:region` comes before them). */
export const REGION_ENV = ["ALIBABA_CLOUD_REGION", "ALICLOUD_REGION"] as const;
