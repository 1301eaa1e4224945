package run

import (
	"go/build"
	"path/filepath"
	"strings"
)

// isVersionedArg reports whether a 'go run' argument is pkg@version.
func isVersionedArg(arg string) bool {
	return !strings.HasSuffix(arg, ".go") && !strings.HasPrefix(arg, "-") &&
		strings.Contains(arg, "@") && !build.IsLocalImport(arg) && !filepath.IsAbs(arg)
}
