// Package work is the build engine: it turns loaded packages into a graph
// of actions (compile, link, install), runs the graph in parallel in
// dependency order, decides from build IDs and the build cache what is
// already up to date, and performs every side effect through a Shell so
// that -n and -x print exactly what runs.
//
// Packages using cgo get extra actions before their build (cgo.go): a
// cache check, the cgo run, one C compile per file and a join; the
// build then links the C objects to learn their dynamic imports. The C
// compiler's command lines and flag probes are in cgogcc.go, the #cgo
// flag allow-lists in cgoflags.go, pkg-config and SWIG in
// cgopkgconfig.go.
package work
