package help

import "gocmd/internal/base"

// Topics returns the help topics, in 'go help' order.
func Topics() []*base.Command {
	t := func(name, short, long string) *base.Command {
		return &base.Command{UsageLine: name, Short: short, Long: long}
	}
	return []*base.Command{
		t("buildconstraint", "build constraints", ""),
		t("buildjson", "build -json encoding", ""),
		t("buildmode", "build modes", ""),
		t("c", "calling between Go and C", ""),
		t("cache", "build and test caching", ""),
		t("environment", "environment variables", ""),
		t("filetype", "file types", ""),
		t("goauth", "GOAUTH environment variable", ""),
		t("go.mod", "the go.mod file", ""),
		t("gopath", "GOPATH environment variable", ""),
		t("goproxy", "module proxy protocol", ""),
		t("importpath", "import path syntax", ""),
		t("modules", "modules, module versions, and more", ""),
		t("module-auth", "module authentication using go.sum", ""),
		t("packages", "package lists and patterns", ""),
		t("private", "configuration for downloading non-public code", ""),
		t("testflag", "testing flags", ""),
		t("testfunc", "testing functions", ""),
		t("vcs", "controlling version control with GOVCS", ""),
	}
}
