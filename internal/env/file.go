package env

import (
	"slices"
	"strings"
)

// EditEnvFile returns the text of a go env file after setting the
// variables in add and removing those in del, as 'go env -w' and
// 'go env -u' do: only the last of duplicated settings is kept, a setting
// is changed in place, new settings are appended, and every run of
// NAME=VALUE lines (between comments, blank or malformed lines) is sorted
// by name. A removed setting still splits its run in two for sorting.
func EditEnvFile(data string, add map[string]string, del []string) string {
	lines := strings.SplitAfter(data, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	} else {
		lines[len(lines)-1] += "\n"
	}

	last := map[string]int{}
	for i, line := range lines {
		if key := lineKey(line); key != "" {
			if p, ok := last[key]; ok {
				lines[p] = ""
			}
			last[key] = i
		}
	}

	keys := make([]string, 0, len(add))
	for k := range add {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if p, ok := last[k]; ok {
			lines[p] = k + "=" + add[k] + "\n"
		} else {
			lines = append(lines, k+"="+add[k]+"\n")
		}
	}
	for _, k := range del {
		if p, ok := last[k]; ok {
			lines[p] = ""
		}
	}

	start := 0
	for i := 0; i <= len(lines); i++ {
		if i == len(lines) || lineKey(lines[i]) == "" {
			slices.SortStableFunc(lines[start:i], func(a, b string) int {
				return strings.Compare(lineKey(a), lineKey(b))
			})
			start = i + 1
		}
	}
	return strings.Join(lines, "")
}

// lineKey returns NAME for a NAME=VALUE line, or "" for any other line.
func lineKey(line string) string {
	k, _, ok := strings.Cut(line, "=")
	if !ok || strings.Contains(k, "#") {
		return ""
	}
	return k
}
