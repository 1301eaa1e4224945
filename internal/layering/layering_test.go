package layering

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// layers maps each internal package (by path below gocmd/internal, or a
// prefix ending in "/") to its layer. Lower layers never import higher ones.
var layers = map[string]int{
	"str": 0, "par": 0, "lockedfile": 0, "gover": 0, "wire": 0, "trace": 0,
	"fsys": 1, "env": 1, "base": 1, "mvs": 1, "cache": 1, "telemetry": 1, "buildid": 1,
	"web": 2, "vcs": 2, "imports": 2, "search": 2, "resultcache": 2,
	"modfetch": 3, "modload": 3, "toolchain": 3, "fips140": 3,
	"load": 4,
	"tool": 5, "work": 5,
	"cmd/":     6,
	"cli":      7,
	"layering": 7,
	"testenv":  7,
}

// sameLayer lists the imports allowed within one layer, importer → imported.
var sameLayer = map[string][]string{
	"base":      {"env", "fsys"},
	"vcs":       {"web"},
	"env":       {"fsys"},
	"cache":     {"fsys"},
	"modload":   {"modfetch", "fips140"},
	"toolchain": {"modfetch"},
	"fips140":   {"modfetch"},
	"work":      {"tool"},
	"cmd/help":  {},
}

func layerOf(pkg string) (int, bool) {
	if l, ok := layers[pkg]; ok {
		return l, true
	}
	top := pkg
	if i := strings.Index(pkg, "/"); i >= 0 {
		top = pkg[:i]
	}
	if l, ok := layers[top]; ok {
		return l, true
	}
	if l, ok := layers[top+"/"]; ok {
		return l, true
	}
	return 0, false
}

func TestLayering(t *testing.T) {
	root := filepath.Join("..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		from, ok := layerOf(pkg)
		if !ok {
			t.Errorf("package gocmd/internal/%s has no layer: add it to layers in %s", pkg, "layering_test.go")
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		isTest := strings.HasSuffix(path, "_test.go")
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			dep, ok := strings.CutPrefix(p, "gocmd/internal/")
			if !ok || dep == pkg {
				continue
			}
			if isTest && dep == "testenv" {
				continue
			}
			to, ok := layerOf(dep)
			if !ok {
				continue // reported when that package is visited
			}
			if to < from {
				continue
			}
			if to == from && allowed(pkg, dep) {
				continue
			}
			t.Errorf("%s: gocmd/internal/%s (layer %d) imports gocmd/internal/%s (layer %d)", path, pkg, from, dep, to)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "base")); err != nil {
		t.Fatal("layering test must run from gocmd/internal/layering")
	}
}

func allowed(from, to string) bool {
	for _, p := range sameLayer[from] {
		if p == to {
			return true
		}
	}
	// Commands never import each other, except the shared help package.
	return false
}
