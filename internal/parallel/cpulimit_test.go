package parallel

import (
	"math"
	"testing"
	"testing/fstest"
)

func TestParseCPUMax(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"max 100000\n", 0, false},
		{"150000 100000\n", 1.5, true},
		{"50000 100000", 0.5, true},
		{"200000\n", 2, true}, // period omitted: the kernel's default
		{"", 0, false},
		{"abc 100000", 0, false},
		{"100000 0", 0, false},
		{"-1 100000", 0, false},
		{"1 2 3", 0, false},
	}
	for _, c := range cases {
		got, ok := parseCPUMax([]byte(c.in))
		if ok != c.ok || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("parseCPUMax(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParseCFS(t *testing.T) {
	if l, ok := parseCFS([]byte("-1\n"), []byte("100000\n")); ok {
		t.Errorf("quota -1 is no limit, got %v", l)
	}
	if l, ok := parseCFS([]byte("250000\n"), []byte("100000\n")); !ok || l != 2.5 {
		t.Errorf("250000/100000 = %v, %v; want 2.5", l, ok)
	}
	if _, ok := parseCFS([]byte("x"), []byte("100000")); ok {
		t.Error("a malformed quota is no limit")
	}
}

func TestQuotaWorkers(t *testing.T) {
	for _, c := range []struct {
		l    float64
		want int
	}{{0.2, 1}, {1, 1}, {1.5, 2}, {2, 2}, {2.0000000001, 2}, {3.1, 4}} {
		if got := quotaWorkers(c.l); got != c.want {
			t.Errorf("quotaWorkers(%v) = %d, want %d", c.l, got, c.want)
		}
	}
}

// Sample files as Linux presents them.
const (
	mountinfoV2 = `22 1 0:21 / /proc rw,nosuid - proc proc rw
30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate
`
	mountinfoV1 = `30 24 0:26 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw
33 25 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct
34 25 0:30 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory
`
	// A container sees only its own subtree: the mount's root is the
	// group's path on the host.
	mountinfoV2Container = `40 30 0:26 /kubepods/pod1 /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw
`
)

func TestCgroupV2Limit(t *testing.T) {
	fsys := fstest.MapFS{
		"proc/self/cgroup":                           {Data: []byte("0::/user.slice/app.scope\n")},
		"proc/self/mountinfo":                        {Data: []byte(mountinfoV2)},
		"sys/fs/cgroup/user.slice/app.scope/cpu.max": {Data: []byte("max 100000\n")},
		"sys/fs/cgroup/user.slice/cpu.max":           {Data: []byte("150000 100000\n")},
		"sys/fs/cgroup/cpu.max":                      {Data: []byte("400000 100000\n")},
	}
	if l, ok := cgroupCPULimit(fsys); !ok || l != 1.5 {
		t.Fatalf("limit = %v, %v; want the parent's 1.5", l, ok)
	}
	fsys["sys/fs/cgroup/user.slice/app.scope/cpu.max"] = &fstest.MapFile{Data: []byte("50000 100000\n")}
	if l, ok := cgroupCPULimit(fsys); !ok || l != 0.5 {
		t.Fatalf("limit = %v, %v; want the group's own 0.5", l, ok)
	}
}

func TestCgroupV2ContainerLimit(t *testing.T) {
	fsys := fstest.MapFS{
		"proc/self/cgroup":          {Data: []byte("0::/kubepods/pod1/ctr\n")},
		"proc/self/mountinfo":       {Data: []byte(mountinfoV2Container)},
		"sys/fs/cgroup/cpu.max":     {Data: []byte("max 100000\n")},
		"sys/fs/cgroup/ctr/cpu.max": {Data: []byte("300000 100000\n")},
	}
	if l, ok := cgroupCPULimit(fsys); !ok || l != 3 {
		t.Fatalf("limit = %v, %v; want 3", l, ok)
	}
}

func TestCgroupV1Limit(t *testing.T) {
	fsys := fstest.MapFS{
		"proc/self/cgroup":    {Data: []byte("9:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n0::/\n")},
		"proc/self/mountinfo": {Data: []byte(mountinfoV1)},
		"sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us":  {Data: []byte("200000\n")},
		"sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us": {Data: []byte("100000\n")},
		"sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us":             {Data: []byte("-1\n")},
		"sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us":            {Data: []byte("100000\n")},
	}
	if l, ok := cgroupCPULimit(fsys); !ok || l != 2 {
		t.Fatalf("limit = %v, %v; want 2", l, ok)
	}
}

func TestCgroupNoLimit(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"no files": {},
		"no cpu.max": {
			"proc/self/cgroup":    {Data: []byte("0::/a\n")},
			"proc/self/mountinfo": {Data: []byte(mountinfoV2)},
		},
		"max": {
			"proc/self/cgroup":        {Data: []byte("0::/a\n")},
			"proc/self/mountinfo":     {Data: []byte(mountinfoV2)},
			"sys/fs/cgroup/a/cpu.max": {Data: []byte("max 100000\n")},
		},
		"group outside the mount": {
			"proc/self/cgroup":      {Data: []byte("0::/elsewhere\n")},
			"proc/self/mountinfo":   {Data: []byte(mountinfoV2Container)},
			"sys/fs/cgroup/cpu.max": {Data: []byte("100000 100000\n")},
		},
	} {
		if l, ok := cgroupCPULimit(fsys); ok {
			t.Errorf("%s: limit %v, want none", name, l)
		}
	}
}

func TestParseMountinfoEscapes(t *testing.T) {
	m := parseMountinfo([]byte(`1 2 0:3 / /mnt/my\040dir rw shared:1 master:2 - cgroup2 none rw` + "\n" + "garbage line\n"))
	if len(m) != 1 || m[0].mount != "/mnt/my dir" || m[0].fstype != "cgroup2" || m[0].super != "rw" {
		t.Fatalf("parsed %+v", m)
	}
}
