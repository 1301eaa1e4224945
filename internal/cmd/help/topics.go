package help

import "gocmd/internal/base"

// Topics returns the help topics, in 'go help' order.
func Topics() []*base.Command {
	t := func(name, short, long string) *base.Command {
		return &base.Command{UsageLine: name, Short: short, Long: long}
	}
	return []*base.Command{
		t("buildconstraint", "build constraints", helpBuildConstraint),
		t("buildjson", "build -json encoding", helpBuildJSON),
		t("buildmode", "build modes", helpBuildmode),
		t("c", "calling between Go and C", helpC),
		t("cache", "build and test caching", helpCache),
		t("environment", "environment variables", helpEnvironment),
		t("filetype", "file types", helpFileType),
		t("goauth", "GOAUTH environment variable", helpGoAuth),
		t("go.mod", "the go.mod file", helpGoMod),
		t("gopath", "GOPATH environment variable", helpGopath),
		t("goproxy", "module proxy protocol", helpGoproxy),
		t("importpath", "import path syntax", helpImportPath),
		t("modules", "modules, module versions, and more", helpModules),
		t("module-auth", "module authentication using go.sum", helpModuleAuth),
		t("packages", "package lists and patterns", helpPackages),
		t("private", "configuration for downloading non-public code", helpPrivate),
		t("testflag", "testing flags", helpTestflag),
		t("testfunc", "testing functions", helpTestfunc),
		t("vcs", "controlling version control with GOVCS", helpVCS),
	}
}
