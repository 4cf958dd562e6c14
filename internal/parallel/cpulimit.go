package parallel

import (
	"bufio"
	"bytes"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
)

// cgroupCPULimit returns the CPU bandwidth limit of the current process's
// control group in CPUs (quota/period, such as 1.5), the least along the
// group's path up to the root of its hierarchy, and whether there is one.
// fsys is the root file system (os.DirFS("/") in production; tests pass
// sample trees). It reads cgroup v2 (cpu.max in the unified hierarchy) and
// cgroup v1 (cpu.cfs_quota_us and cpu.cfs_period_us of the cpu
// controller), and reports no limit when the files are missing or
// unreadable: the limit only ever lowers the pool's width.
func cgroupCPULimit(fsys fs.FS) (float64, bool) {
	cg, err := fs.ReadFile(fsys, "proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	mi, err := fs.ReadFile(fsys, "proc/self/mountinfo")
	if err != nil {
		return 0, false
	}
	v2, v1 := parseProcCgroup(cg)
	best, found := math.Inf(1), false
	consider := func(mount, root, group string, v2 bool) {
		rel, ok := relGroup(root, group)
		if !ok {
			return
		}
		for dir := rel; ; dir = path.Dir(dir) {
			if l, ok := readLimit(fsys, path.Join(mount, dir), v2); ok && l < best {
				best, found = l, true
			}
			if dir == "/" || dir == "." {
				return
			}
		}
	}
	for _, m := range parseMountinfo(mi) {
		switch {
		case m.fstype == "cgroup2" && v2 != "":
			consider(m.mount, m.root, v2, true)
		case m.fstype == "cgroup" && v1 != "" && hasOption(m.super, "cpu"):
			consider(m.mount, m.root, v1, false)
		}
	}
	return best, found
}

// relGroup returns the path of group below a mount whose root is root
// (the mount shows only that subtree), or false if the group lies
// outside it.
func relGroup(root, group string) (string, bool) {
	if root == "/" {
		return group, true
	}
	if group == root {
		return "/", true
	}
	if strings.HasPrefix(group, root+"/") {
		return group[len(root):], true
	}
	return "", false
}

// readLimit reads the bandwidth limit of the cgroup directory dir (an
// absolute path), in CPUs.
func readLimit(fsys fs.FS, dir string, v2 bool) (float64, bool) {
	dir = strings.TrimPrefix(dir, "/")
	if v2 {
		b, err := fs.ReadFile(fsys, path.Join(dir, "cpu.max"))
		if err != nil {
			return 0, false
		}
		return parseCPUMax(b)
	}
	q, err1 := fs.ReadFile(fsys, path.Join(dir, "cpu.cfs_quota_us"))
	p, err2 := fs.ReadFile(fsys, path.Join(dir, "cpu.cfs_period_us"))
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return parseCFS(q, p)
}

// parseCPUMax parses a cgroup v2 cpu.max file, "$QUOTA $PERIOD" with
// QUOTA "max" for no limit, into CPUs.
func parseCPUMax(b []byte) (float64, bool) {
	f := strings.Fields(string(b))
	if len(f) == 0 || len(f) > 2 || f[0] == "max" {
		return 0, false
	}
	period := "100000" // the kernel's default when the file gives only the quota
	if len(f) == 2 {
		period = f[1]
	}
	return quotaRatio(f[0], period)
}

// parseCFS parses the cgroup v1 files cpu.cfs_quota_us (-1 for no limit)
// and cpu.cfs_period_us into CPUs.
func parseCFS(quota, period []byte) (float64, bool) {
	return quotaRatio(strings.TrimSpace(string(quota)), strings.TrimSpace(string(period)))
}

// quotaRatio returns quota/period for positive integers, or false.
func quotaRatio(quota, period string) (float64, bool) {
	q, err1 := strconv.ParseInt(quota, 10, 64)
	p, err2 := strconv.ParseInt(period, 10, 64)
	if err1 != nil || err2 != nil || q <= 0 || p <= 0 {
		return 0, false
	}
	return float64(q) / float64(p), true
}

// parseProcCgroup reads /proc/self/cgroup: the process's path in the
// unified (v2) hierarchy, "0::/path", and in the v1 hierarchy that holds
// the cpu controller, "N:cpu,cpuacct:/path". Either is empty if absent.
func parseProcCgroup(b []byte) (v2, v1 string) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), ":", 3)
		if len(f) != 3 {
			continue
		}
		switch {
		case f[0] == "0" && f[1] == "":
			v2 = f[2]
		case hasOption(f[1], "cpu"):
			v1 = f[2]
		}
	}
	return v2, v1
}

// mountEntry is the part of a /proc/self/mountinfo line a cgroup lookup
// needs.
type mountEntry struct {
	root, mount, fstype, super string
}

// parseMountinfo reads the lines of /proc/self/mountinfo: "ID PARENT
// MAJ:MIN ROOT MOUNT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER".
func parseMountinfo(b []byte) []mountEntry {
	var out []mountEntry
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		sep := -1
		for i, s := range f {
			if s == "-" && i >= 6 {
				sep = i
				break
			}
		}
		if sep < 0 || sep+1 >= len(f) {
			continue
		}
		e := mountEntry{root: unescapeMount(f[3]), mount: unescapeMount(f[4]), fstype: f[sep+1]}
		if sep+3 < len(f) {
			e.super = f[sep+3]
		}
		out = append(out, e)
	}
	return out
}

// unescapeMount undoes the octal escapes (\040 for a space) of mountinfo
// paths.
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// hasOption reports whether the comma-separated list opts holds opt.
func hasOption(opts, opt string) bool {
	for _, o := range strings.Split(opts, ",") {
		if o == opt {
			return true
		}
	}
	return false
}

// quotaWorkers turns a CPU limit into a worker count: the limit rounded
// up (a 1.5-CPU quota still lets two threads run, each half the time), at
// least 1.
func quotaWorkers(limit float64) int {
	return max(1, int(math.Ceil(limit-1e-9)))
}
