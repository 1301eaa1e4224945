// Package work is the build engine: it turns loaded packages into a graph
// of actions (compile, link, install), runs the graph in parallel in
// dependency order, decides from build IDs and the build cache what is
// already up to date, and performs every side effect through a Shell so
// that -n and -x print exactly what runs.
package work
