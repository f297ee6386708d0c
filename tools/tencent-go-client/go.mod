module pulumi-image-import/tools/tencent-go-client

go 1.22

require github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common v1.3.214
