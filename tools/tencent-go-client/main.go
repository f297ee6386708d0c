// Command tencent-go-client drives a Tencent Cloud endpoint (the emulator in the tests) with the official
// Go SDK, whose TC3 signature covers the Host header exactly as sent, port included; the Node SDK leaves
// the port out. It runs a CVM import lifecycle (ImportImage, DescribeImages until NORMAL, DeleteImages),
// a tag-service call and an ECM import of the CVM image, then a call signed with a wrong secret key,
// which must fail with AuthFailure.SignatureFailure.
//
// Each step prints one JSON line on stdout; the last is {"step":"done"}. Any unexpected answer prints
// {"step":...,"error":...} and exits with status 1.
//
// Usage:
//
//	tencent-go-client -endpoint 127.0.0.1:PORT [-region ap-guangzhou] [-name NAME]
//
// The endpoint may also come from IMAGE_IMPORT_ENDPOINT (a URL such as http://127.0.0.1:PORT, as the
// emulator writes it), the keys from TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

type config struct {
	endpoint  string
	scheme    string
	secretID  string
	secretKey string
	region    string
	name      string
	imageURL  string
	timeout   time.Duration
}

func main() {
	cfg, err := parseConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		os.Exit(1)
	}
}

func parseConfig() (config, error) {
	var cfg config
	flag.StringVar(&cfg.endpoint, "endpoint", os.Getenv("IMAGE_IMPORT_ENDPOINT"), "HOST:PORT (or http://HOST:PORT) of the Tencent Cloud API; default $IMAGE_IMPORT_ENDPOINT")
	flag.StringVar(&cfg.secretID, "secret-id", os.Getenv("TENCENTCLOUD_SECRET_ID"), "SecretId; default $TENCENTCLOUD_SECRET_ID")
	flag.StringVar(&cfg.secretKey, "secret-key", os.Getenv("TENCENTCLOUD_SECRET_KEY"), "SecretKey; default $TENCENTCLOUD_SECRET_KEY")
	flag.StringVar(&cfg.region, "region", "ap-guangzhou", "CVM region")
	flag.StringVar(&cfg.name, "name", fmt.Sprintf("go-sdk-%d", time.Now().UnixNano()%1e9), "image name (at most 20 characters, ECM's limit)")
	flag.StringVar(&cfg.imageURL, "image-url", "", "COS URL to import; default one in the region's COS domain")
	flag.DurationVar(&cfg.timeout, "timeout", time.Minute, "how long an import may take")
	flag.Parse()
	if cfg.endpoint == "" {
		return cfg, errors.New("no endpoint: pass -endpoint HOST:PORT or set IMAGE_IMPORT_ENDPOINT")
	}
	if cfg.secretID == "" || cfg.secretKey == "" {
		return cfg, errors.New("no keys: pass -secret-id and -secret-key or set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY")
	}
	// The SDK takes a bare host[:port] and the scheme apart.
	cfg.scheme = "HTTP"
	if u, err := url.Parse(cfg.endpoint); err == nil && u.Host != "" {
		cfg.endpoint = u.Host
		cfg.scheme = strings.ToUpper(u.Scheme)
	}
	if cfg.imageURL == "" {
		cfg.imageURL = fmt.Sprintf("https://images-1250000000.cos.%s.myqcloud.com/%s.qcow2", cfg.region, cfg.name)
	}
	return cfg, nil
}

// hostRecorder notes the Host header of every request the SDK sends, to show the port went out with it.
type hostRecorder struct {
	next  http.RoundTripper
	mu    sync.Mutex
	hosts map[string]bool
}

func (h *hostRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	h.hosts[host] = true
	h.mu.Unlock()
	return h.next.RoundTrip(req)
}

func (h *hostRecorder) seen() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for k := range h.hosts {
		out = append(out, k)
	}
	return out
}

type session struct {
	cfg      config
	recorder *hostRecorder
}

func (s *session) client(region, secretKey string) *common.Client {
	prof := profile.NewClientProfile()
	prof.HttpProfile.Endpoint = s.cfg.endpoint
	prof.HttpProfile.Scheme = s.cfg.scheme
	prof.HttpProfile.ReqTimeout = 15
	c := common.NewCommonClient(common.NewCredential(s.cfg.secretID, secretKey), region, prof)
	c.WithHttpTransport(s.recorder)
	return c
}

// call sends one action through NewCommonRequest and decodes the Response object.
func (s *session) call(c *common.Client, service, version, action string, params map[string]interface{}) (map[string]interface{}, error) {
	req := tchttp.NewCommonRequest(service, version, action)
	if err := req.SetActionParameters(params); err != nil {
		return nil, err
	}
	resp := tchttp.NewCommonResponse()
	if err := c.Send(req, resp); err != nil {
		return nil, err
	}
	var body struct {
		Response map[string]interface{} `json:"Response"`
	}
	if err := json.Unmarshal(resp.GetBody(), &body); err != nil {
		return nil, err
	}
	if body.Response == nil {
		return nil, fmt.Errorf("%s: no Response object in %s", action, resp.GetBody())
	}
	return body.Response, nil
}

func emit(fields map[string]interface{}) {
	b, _ := json.Marshal(fields)
	fmt.Println(string(b))
}

// fail reports an unexpected error of a step and returns it.
func fail(step string, err error) error {
	var sdkErr *tcerr.TencentCloudSDKError
	if errors.As(err, &sdkErr) {
		emit(map[string]interface{}{"step": step, "error": map[string]string{"code": sdkErr.Code, "message": sdkErr.Message, "requestId": sdkErr.RequestId}})
	} else {
		emit(map[string]interface{}{"step": step, "error": map[string]string{"message": err.Error()}})
	}
	return err
}

func imageSet(r map[string]interface{}) []map[string]interface{} {
	raw, _ := r["ImageSet"].([]interface{})
	var out []map[string]interface{}
	for _, x := range raw {
		if m, ok := x.(map[string]interface{}); ok {
			out = append(out, m)
		}
	}
	return out
}

// waitFor polls describe until pick finds the image in the wanted state; a state with FAIL in it ends the wait.
func waitFor(step string, timeout time.Duration, describe func() (map[string]interface{}, error), pick func([]map[string]interface{}) map[string]interface{}) (map[string]interface{}, int, error) {
	deadline := time.Now().Add(timeout)
	for polls := 1; ; polls++ {
		r, err := describe()
		if err != nil {
			return nil, polls, fail(step, err)
		}
		if img := pick(imageSet(r)); img != nil {
			state, _ := img["ImageState"].(string)
			if state == "NORMAL" {
				return img, polls, nil
			}
			if strings.Contains(state, "FAIL") {
				return nil, polls, fail(step, fmt.Errorf("the image ended in %s", state))
			}
		}
		if time.Now().After(deadline) {
			return nil, polls, fail(step, fmt.Errorf("not NORMAL after %s", timeout))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func run(cfg config) error {
	s := &session{cfg: cfg, recorder: &hostRecorder{next: http.DefaultTransport, hosts: map[string]bool{}}}
	cvm := s.client(cfg.region, cfg.secretKey)
	// ECM and the tag service are not regional: no X-TC-Region.
	ecm := s.client("", cfg.secretKey)
	tag := s.client("", cfg.secretKey)
	const cvmVersion, ecmVersion, tagVersion = "2017-03-12", "2019-07-19", "2018-08-13"

	imported, err := s.call(cvm, "cvm", cvmVersion, "ImportImage", map[string]interface{}{
		"Architecture": "x86_64", "OsType": "CentOS", "OsVersion": "7",
		"ImageUrl": cfg.imageURL, "ImageName": cfg.name, "ImageDescription": "imported by the Tencent Go SDK",
	})
	if err != nil {
		return fail("cvm.ImportImage", err)
	}
	cvmID, _ := imported["ImageId"].(string)
	emit(map[string]interface{}{"step": "cvm.ImportImage", "imageId": cvmID, "requestId": imported["RequestId"]})

	img, polls, err := waitFor("cvm.DescribeImages", cfg.timeout,
		func() (map[string]interface{}, error) {
			return s.call(cvm, "cvm", cvmVersion, "DescribeImages", map[string]interface{}{"ImageIds": []string{cvmID}})
		},
		func(set []map[string]interface{}) map[string]interface{} {
			for _, i := range set {
				if i["ImageId"] == cvmID {
					return i
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	emit(map[string]interface{}{"step": "cvm.DescribeImages", "imageId": cvmID, "imageState": img["ImageState"], "imageName": img["ImageName"], "polls": polls})

	resource := fmt.Sprintf("qcs::cvm:%s:uin/:image/%s", cfg.region, cvmID)
	if _, err := s.call(tag, "tag", tagVersion, "ModifyResourceTags", map[string]interface{}{
		"Resource": resource, "ReplaceTags": []map[string]string{{"TagKey": "sdk", "TagValue": "go"}},
	}); err != nil {
		return fail("tag.ModifyResourceTags", err)
	}
	emit(map[string]interface{}{"step": "tag.ModifyResourceTags", "resource": resource})

	// ECM's import answers with a RequestId only: the new image is found by the description it was given.
	ecmDescription := "ecm copy of " + cvmID
	if _, err := s.call(ecm, "ecm", ecmVersion, "ImportImage", map[string]interface{}{
		"ImageId": cvmID, "ImageDescription": ecmDescription, "SourceRegion": cfg.region,
	}); err != nil {
		return fail("ecm.ImportImage", err)
	}
	emit(map[string]interface{}{"step": "ecm.ImportImage", "sourceImageId": cvmID})

	ecmImg, polls, err := waitFor("ecm.DescribeImage", cfg.timeout,
		func() (map[string]interface{}, error) {
			return s.call(ecm, "ecm", ecmVersion, "DescribeImage", map[string]interface{}{
				"Filters": []map[string]interface{}{{"Name": "image-type", "Values": []string{"PRIVATE_IMAGE"}}}, "Limit": 100,
			})
		},
		func(set []map[string]interface{}) map[string]interface{} {
			for _, i := range set {
				if i["ImageDescription"] == ecmDescription {
					return i
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	ecmID, _ := ecmImg["ImageId"].(string)
	emit(map[string]interface{}{"step": "ecm.DescribeImage", "imageId": ecmID, "imageState": ecmImg["ImageState"], "polls": polls})

	if _, err := s.call(ecm, "ecm", ecmVersion, "DeleteImage", map[string]interface{}{"ImageIDSet": []string{ecmID}}); err != nil {
		return fail("ecm.DeleteImage", err)
	}
	emit(map[string]interface{}{"step": "ecm.DeleteImage", "imageId": ecmID})

	if _, err := s.call(cvm, "cvm", cvmVersion, "DeleteImages", map[string]interface{}{"ImageIds": []string{cvmID}, "DeleteBindedSnap": true}); err != nil {
		return fail("cvm.DeleteImages", err)
	}
	gone, err := s.call(cvm, "cvm", cvmVersion, "DescribeImages", map[string]interface{}{"ImageIds": []string{cvmID}})
	if err != nil {
		return fail("cvm.DeleteImages", err)
	}
	emit(map[string]interface{}{"step": "cvm.DeleteImages", "imageId": cvmID, "totalCountAfter": gone["TotalCount"]})

	// The same call signed with a key that is not the SecretId's must be refused.
	wrong := s.client(cfg.region, cfg.secretKey+"-wrong")
	_, err = s.call(wrong, "cvm", cvmVersion, "DescribeImages", map[string]interface{}{})
	var sdkErr *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdkErr) {
		if err == nil {
			err = errors.New("a call signed with a wrong secret key succeeded")
		}
		return fail("wrongKey", err)
	}
	emit(map[string]interface{}{"step": "wrongKey", "code": sdkErr.Code})

	emit(map[string]interface{}{"step": "done", "hosts": s.recorder.seen()})
	return nil
}
