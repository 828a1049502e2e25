// Package server is the rtmpkit media server: an rtmp.Handler backed by a hub,
// with recording, relays, auth hooks, HTTP-FLV, stats and configuration.
package server
