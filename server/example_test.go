package server_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/rtmpkit/rtmp/server"
)

// Embedding the media server: live streams on a loopback port, recordings
// of app "studio", and a publish key.
func Example() {
	cfg := server.DefaultConfig()
	cfg.Listen = "127.0.0.1:0" // ":1935" in production
	cfg.Record = server.RecordConfig{Mode: server.RecordApps, Apps: []string{"studio"}, Dir: "rec", Path: server.DefaultRecordPath}
	cfg.Auth.Publish.Key = "s3cret" // publish to rtmp://host/live/cam1?key=s3cret
	srv, err := server.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(srv.URL() != "")

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
	// Output: true
}

// Loading a YAML file the way `rtmpkit serve --config` does.
func ExampleLoadConfig() {
	cfg, err := server.LoadConfig("../rtmpkit.example.yaml")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cfg.Listen, cfg.Hub.GOPCache, cfg.Record.Mode)
	// Output: :1935 true none
}
