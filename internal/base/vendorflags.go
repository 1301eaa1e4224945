package base

import "flag"

// VendorFlags are the flags of 'go mod vendor' and 'go work vendor'.
type VendorFlags struct {
	BuildFlags        // the module flags and -v
	E          bool   // -e: proceed despite errors
	O          string // -o: output directory instead of vendor
}

// AddVendorFlags defines the flags of the vendor commands: -v, -e, -o,
// -C and the module flags.
func AddVendorFlags(fs *flag.FlagSet, f *VendorFlags) {
	fs.BoolVar(&f.V, "v", false, "")
	fs.BoolVar(&f.E, "e", false, "")
	fs.StringVar(&f.O, "o", "", "")
	AddChdirFlag(fs)
	AddModCommonFlags(fs, &f.BuildFlags)
}
