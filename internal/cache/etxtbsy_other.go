//go:build !unix

package cache

func isETXTBSY(err error) bool { return false }
