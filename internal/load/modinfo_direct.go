package load

// markDirect clears the Indirect mark of the modules of the loaded
// packages that the main modules' packages turned out to import: go
// corrects an inaccurate "// indirect" comment in memory after loading.
func markDirect(pkgs []*Package, direct []string) {
	if len(direct) == 0 {
		return
	}
	set := map[string]bool{}
	for _, p := range direct {
		set[p] = true
	}
	for _, p := range PackageList(pkgs) {
		if m := p.Module; m != nil && !m.Main && m.Indirect && set[m.Path] {
			m.Indirect = false
		}
	}
}
