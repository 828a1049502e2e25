package main

import (
	"os"
	"runtime/debug"
	"testing"

	"github.com/spf13/pflag"
)

func TestApplyGCPercent(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct {
		name    string
		args    []string
		gogc    string // "" unset
		want    int
		wantErr bool
	}{
		{"default", nil, "", defaultGCPercent, false},
		{"GOGC wins over the default", nil, "80", 100, false},
		{"the flag wins over GOGC", []string{"--gc-percent=30"}, "80", 30, false},
		{"off", []string{"--gc-percent=-1"}, "", -1, false},
		{"invalid", []string{"--gc-percent=-5"}, "", 100, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.gogc != "" {
				t.Setenv("GOGC", tc.gogc)
			} else if v, ok := os.LookupEnv("GOGC"); ok {
				os.Unsetenv("GOGC")
				t.Cleanup(func() { os.Setenv("GOGC", v) })
			}
			debug.SetGCPercent(100)
			var f serveFlags
			fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
			f.register(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			err := applyGCPercent(fs, f.gcPercent)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if got := debug.SetGCPercent(100); got != tc.want {
				t.Errorf("GC percent %d, want %d", got, tc.want)
			}
		})
	}
}
